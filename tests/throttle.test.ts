// The handshake throttle's limits on parallel attempts (its delays are covered over real sockets in security-runtime).
import { expect, test } from "bun:test";
import { FailureThrottle } from "../lib/security/throttle.ts";

test("an address gets at most maxConcurrentPerAddress attempts at once; other addresses are not affected", async () => {
  const throttle = new FailureThrottle({ maxConcurrentPerAddress: 2, maxConcurrentChecks: 10 });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const slow = () => throttle.attempt("10.0.0.1", () => gate.then(() => "checked"));
  const first = slow();
  const second = slow();
  expect(await throttle.attempt("10.0.0.1", async () => "checked")).toBeUndefined();
  expect(await throttle.attempt("10.0.0.2", async () => "checked")).toBe("checked");
  release();
  expect(await Promise.all([first, second])).toEqual(["checked", "checked"]);
  // Once they finished, the address may try again.
  expect(await throttle.attempt("10.0.0.1", async () => "checked")).toBe("checked");
});

test("password checks beyond maxConcurrentChecks wait for a free slot instead of running at once", async () => {
  const throttle = new FailureThrottle({ maxConcurrentPerAddress: 10, maxConcurrentChecks: 2 });
  let running = 0;
  let most = 0;
  const check = async () => {
    running++;
    most = Math.max(most, running);
    await Bun.sleep(20);
    running--;
    return true;
  };
  const results = await Promise.all(Array.from({ length: 6 }, (_, i) => throttle.attempt(`10.0.1.${i}`, check)));
  expect(results).toEqual([true, true, true, true, true, true]);
  expect(most).toBe(2);
});

test("from the 6th failure in the window, the delay doubles from 250 ms, capped per address and per station id", () => {
  const throttle = new FailureThrottle();
  for (let i = 0; i < 5; i++) throttle.recordFailure("10.0.2.1", "CP");
  expect(throttle.delayMs("10.0.2.1", "CP")).toBe(0);
  throttle.recordFailure("10.0.2.1", "CP");
  expect(throttle.delayMs("10.0.2.1", "CP")).toBe(250);
  throttle.recordFailure("10.0.2.1", "CP");
  expect(throttle.delayMs("10.0.2.1", "CP")).toBe(500);
  for (let i = 0; i < 10; i++) throttle.recordFailure("10.0.2.1", "CP");
  expect(throttle.delayMs("10.0.2.1", "OTHER")).toBe(10_000);
  // Another address trying the same station waits at most the station cap.
  expect(throttle.delayMs("10.0.2.9", "CP")).toBe(2_000);
});
