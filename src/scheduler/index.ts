/** src/scheduler — node-cron wake-ups, the slot ledger, catch-up, the single-writer lock (DESIGN.md). */
export { startDaemon, REASON_AGENT_DOWN, type Daemon, type DaemonOptions } from './daemon.js';
export { stopOnSignals } from './signals.js';
export { acquireWriterLock, withWriterLock, WriterLockError, lockDirOf, type WriterLock } from './writer-lock.js';
export { intervalMs, nextSlot, slotAtOrBefore, slotsBetween } from './slots.js';
export { planSchedules, DEFAULT_SCHEDULE_ID, type PlannedSchedule } from './schedules.js';
