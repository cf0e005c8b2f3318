// The highest rate of hub event POSTs the home service stores.
import { hubEvent, now, paced, percentile, postEvent, progress, sleep } from "./events.mjs";

/**
 * The highest rate of event POSTs the home service stores: each step offers a rate for `stepMs`
 * (at most 256 POSTs in flight); a POST answers 204 only once its event is stored, so accepted
 * POSTs per second are stored events per second. Spread over several devices and attributes, as a
 * household's events are. Stops at the first step that falls short.
 */
export async function ingestionRamp({ eventUrl, rates, stepMs }) {
  const targets = [
    ...["31", "32", "41", "42", "51", "52", "71"].map((id) => [id, "battery"]),
    ["21", "power"],
    ["61", "temperature"],
  ];
  let seq = 0;
  const steps = [];
  for (const rate of rates) {
    const count = Math.round((rate * stepMs) / 1000);
    let ok = 0;
    let failed = 0;
    let inFlight = 0;
    const durations = [];
    const started = now();
    await paced(count, rate, stepMs * 3, async () => {
      while (inFlight >= 256) await sleep(1);
      inFlight++;
      const [device, name] = targets[seq % targets.length];
      const value = 200_000 + seq;
      seq++;
      const t = now();
      try {
        if ((await postEvent(eventUrl, hubEvent(device, name, value))) === 204) ok++;
        else failed++;
      } catch {
        failed++;
      } finally {
        inFlight--;
        durations.push(now() - t);
      }
    });
    const seconds = (now() - started) / 1000;
    durations.sort((a, b) => a - b);
    const storedPerSecond = +(ok / seconds).toFixed(0);
    const sustained = failed === 0 && storedPerSecond >= rate * 0.95;
    steps.push({
      rate,
      stored: ok,
      failed,
      seconds: +seconds.toFixed(2),
      storedPerSecond,
      p99: percentile(durations, 99),
      sustained,
    });
    progress(`ramp step ${rate} events/s: ${storedPerSecond} stored/s`);
    if (!sustained) break;
  }
  const best = steps.filter((s) => s.sustained).at(-1);
  return { steps, sustainedPerSecond: best ? best.storedPerSecond : 0 };
}
