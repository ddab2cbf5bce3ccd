import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';

/**
 * A worker thread running plain JavaScript source (`new Worker(source, { eval: true })`), whose answers a caller
 * that cannot run its event loop takes synchronously: the store's checks (verify, the read commands' seal
 * checks) are synchronous code. Used by blob-checkers.ts (verify's blob checks) and seal-check-thread.ts.
 *
 * Source rather than a module file: the same text then runs from the compiled CLI (dist/), under tsx and under
 * vitest, which load TypeScript differently and none of which a worker file path would suit. The source takes
 * built-in modules from process.getBuiltinModule, which works whether Node evaluates it as a CommonJS script or
 * as an ES module (it does the latter when the parent runs with --input-type=module, whose execArgv the worker
 * inherits), where `require` would not; a package is loaded with node:module's createRequire from a path the
 * parent resolved.
 *
 * Protocol: the worker gets workerData `{ port, signal, slot, ...data }`; it answers with `postAnswer(message,
 * transfer?)`, which the prologue below defines: it posts on `port`, then bumps `signal[slot]` and notifies it,
 * which wakes a caller blocked in Atomics.wait, who takes the message with receiveMessageOnPort.
 */
export class SyncWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;

  /** `execArgv`: the Node options the worker inherits (default: the parent's). */
  constructor(source: string, data: Record<string, unknown> = {}, execArgv?: string[]) {
    this.signal = new Int32Array(new SharedArrayBuffer(8));
    const { port1, port2 } = new MessageChannel();
    this.worker = new Worker(WORKER_PROLOGUE + source, {
      eval: true,
      workerData: { ...data, port: port2, signal: this.signal.buffer, slot: 0 },
      transferList: [port2],
      ...(execArgv ? { execArgv } : {}),
    });
    // Errors surface through the exit flag and the answers; the event loop must not keep the process alive for it.
    this.worker.on('error', () => {});
    this.worker.unref();
    this.port = port1;
  }

  post(message: unknown, transfer: readonly ArrayBuffer[] = []): void {
    this.port.postMessage(message, transfer as ArrayBuffer[]);
  }

  /**
   * The next message, waiting for it up to `timeoutMs`; `waited` tells whether it was not there at once. Throws,
   * naming `what`, when the worker exited (or threw outside its own try/catch) before answering, or timed out.
   */
  receive(what: string, timeoutMs: number): { message: unknown; waited: boolean } {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 0; ; attempt += 1) {
      const seen = Atomics.load(this.signal, 0);
      const received = receiveMessageOnPort(this.port);
      if (received) return { message: received.message, waited: attempt > 0 };
      if (Atomics.load(this.signal, 1) !== 0) {
        // A worker that answers and then ends sets its exit flag after posting: take an answer that came meanwhile.
        const late = receiveMessageOnPort(this.port);
        if (late) return { message: late.message, waited: true };
        throw new Error(`${what} exited before answering`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${what} did not answer within ${timeoutMs / 1000} s`);
      Atomics.wait(this.signal, 0, seen, Math.min(left, 1000));
    }
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}

/**
 * Runs before any worker source (the real ones or a test's). It defines the worker's half of the protocol,
 * `postAnswer`, once for every source (a global: a source may run as a script or as an ES module). And a worker
 * that exits, or throws outside its own try/catch, sets its exit flag and wakes the caller, which then throws.
 * Without that a dead worker would be waited for until the timeout (its 'exit' event needs the caller's event
 * loop, which a synchronous caller does not run).
 */
const WORKER_PROLOGUE = String.raw`
'use strict';
{
  const { workerData } = process.getBuiltinModule('node:worker_threads');
  const flags = new Int32Array(workerData.signal);
  globalThis.postAnswer = (message, transfer) => {
    workerData.port.postMessage(message, transfer);
    Atomics.add(flags, workerData.slot, 1);
    Atomics.notify(flags, workerData.slot);
  };
  const died = () => {
    Atomics.store(flags, workerData.slot + 1, 1);
    Atomics.add(flags, workerData.slot, 1);
    Atomics.notify(flags, workerData.slot);
  };
  process.on('exit', died);
  process.on('uncaughtException', () => {
    died();
    process.exit(1);
  });
}
`;
