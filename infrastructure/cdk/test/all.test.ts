// The one entry `node --test` runs: every module shares one process, so each environment is
// synthesised once for all of them (test/synth.ts caches).
import './synthesis.spec';
import './network.spec';
import './entry.spec';
import './service.spec';
import './database.spec';
import './storage-identity.spec';
import './monitoring.spec';
import './security.spec';
