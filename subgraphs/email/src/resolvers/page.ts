export { pageOf as checkPage } from "@homegraph/common";
