import { SystemSetting } from "./system-setting.entity.js";
import { User } from "./user.entity.js";
import { UserSession } from "./user-session.entity.js";

export { SystemSetting, User, UserSession };
export const entities = [User, UserSession, SystemSetting];
