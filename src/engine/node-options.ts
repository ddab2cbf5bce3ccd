/**
 * The Node options the agent runs with in its image (Dockerfile `ENV NODE_OPTIONS`, kept equal to this by
 * test/deploy/manifests.test.ts; the estate benchmark starts its agent process with the same).
 *
 * `--max-semi-space-size=32` (MB; Node 20's default maximum is 16): a daily run allocates most of its memory
 * in objects that die within one API call (the AWS SDK's middleware, serialisers and parsed pages, tens of
 * thousands of calls a run). A larger young generation lets more of them die there instead of being
 * promoted: on the estate benchmark (`npm run bench -- --size 0.25`) the agent's CPU fell by about 12 %
 * (22.0 → 19.3 s, three runs each) for ~20–40 MB more peak RSS. It must be given at start-up: V8 sizes the
 * young generation when the heap is created, unlike the old generation's growth (heap-growth.ts).
 */
export const AGENT_NODE_OPTIONS = '--max-semi-space-size=32';
