/**
 * integrity/README.txt of every evidence pack: how to check the pack with standard tools only
 * (coreutils, OpenSSL 3), so an auditor need not trust the tool whose output they audit.
 * test/integrity/pack-offline.test.ts runs exactly these commands.
 */
export function packVerificationReadme(): string {
  return `Checking this evidence pack without controlwatch
=================================================

Run these from the pack's top directory. They need only coreutils and OpenSSL 3.

1. Every file is as written (SHA256SUMS lists every file that manifest.json lists):

     sha256sum -c SHA256SUMS

2. Each seal is the SHA-256 of its run's seal material (canonical JSON, RFC 8785):

     for d in integrity/runs/*/; do
       [ "$(sha256sum < "$d/material.json" | cut -d' ' -f1)" = "$(cat "$d/seal.txt")" ] && echo "$d ok" || echo "$d MISMATCH"
     done

3. Each seal is signed with the Ed25519 key (obtain integrity/public-key.pem, or its fingerprint,
   from the organisation separately; the fingerprint is the SHA-256 of the key's DER form):

     openssl pkey -pubin -in integrity/public-key.pem -outform DER | sha256sum
     for d in integrity/runs/*/; do
       openssl pkeyutl -verify -pubin -inkey integrity/public-key.pem -rawin -in "$d/seal.txt" -sigfile "$d/seal.sig"
     done

   The checkpoint (the chain's length and head at a time, kept outside the database) is checked the
   same way:

     openssl pkeyutl -verify -pubin -inkey integrity/public-key.pem -rawin -in integrity/checkpoint.json -sigfile integrity/checkpoint.sig

4. The chain rule. Runs are sealed in order, and each run's seal material holds, as "prevSeal", the
   seal of the sealed run before it. integrity/chain.json lists the runs from the first sampled run
   to the head of the chain; walking it, every run's material.json must name as prevSeal the seal
   (seal.txt) of the run listed before it, and the last run's seal must equal the checkpoint's
   "headSeal" or come after it. A run edited, removed or inserted anywhere breaks this link (its
   seal changes, so the next run's prevSeal no longer matches), and re-sealing every later run to
   hide it needs the private key to re-sign them and cannot change the checkpoint already written.
   A sampled item's results.json lists the result-set hashes (resultsHash) that its run's
   material.json covers (see 5 for runs sealed with "sealVersion": 2), and each observations/<hash>.json is named by the SHA-256 of the canonical
   JSON of its "observation" field. A result set of at most 128 results is sealed as the SHA-256 of
   the canonical JSON of its "results" list; a larger one as the root of a chunk tree (16 slots per
   node, placed by the SHA-256 of the resource id, four bits per level), which "controlwatch verify
   --pack" rebuilds. A change item carries one resource's results and, as "proof", the chunks from
   the root down to it: each chunk's SHA-256 is the hash its parent names.

5. A run sealed with "sealVersion": 2 lists in material.json, under "resultSetsByCheck", a line per
   check: its counts and "resultSetsHash", the SHA-256 of the canonical JSON of the check's
   result-set rows (checkId, counts, resultsHash and scope of each, by scope). The pack carries the
   sampled checks' rows as exactly those bytes, runs/<id>/result-sets/<check>.json, so each file's
   SHA-256 must be a resultSetsHash of its run's material.json; the resultsHash values in the item's
   results.json are then among the rows of that file (a pack of version-1 runs has no such files):

     for f in runs/*/result-sets/*.json; do
       [ -e "$f" ] || continue  # a pack of version-1 runs only has none
       run=\${f#runs/}; run=\${run%%/*}
       h=$(sha256sum < "$f" | cut -d' ' -f1)
       grep -q "\\"resultSetsHash\\":\\"$h\\"" "integrity/runs/$run/material.json" && echo "$f ok" || echo "$f MISMATCH"
     done
`;
}
