import { EmailLog } from "./email-log.entity.js";

export { EmailLog };
export const entities = [EmailLog];
