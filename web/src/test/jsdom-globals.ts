// Jest setup for every test file: in the web app's jsdom tests, the browser globals jsdom lacks
// and that modules read as they load (react-router needs TextEncoder). Node test files skip it.
import { installDomPolyfills } from "./setup-dom";

if (typeof window !== "undefined") installDomPolyfills();
