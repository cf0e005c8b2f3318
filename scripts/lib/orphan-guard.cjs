// Preloaded into every service by start.mjs (`node --require`). start.mjs stops its children itself,
// but when it dies without the chance to (SIGKILL, the OOM killer), the IPC channel it opened closes:
// the service then stops itself the clean way, as on SIGTERM, instead of running on as an orphan.
if (typeof process.send === "function") {
  // The channel must not keep the service alive by itself.
  process.channel?.unref();
  process.once("disconnect", () => process.kill(process.pid, "SIGTERM"));
}
