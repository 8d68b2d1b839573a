/** Wait (up to a minute) until a `nianbao serve` child answers /healthz on `port`; throws if it exits first. */
export async function whenHealthy(child, port) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await globalThis.fetch(`http://127.0.0.1:${port}/healthz`)).ok) return;
    } catch {
      // not yet
    }
    if (child.exitCode !== null) throw new Error(`serve exited (${child.exitCode})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
