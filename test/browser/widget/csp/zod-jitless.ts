// Imported first by the strict-CSP page: the simulator validates with zod, whose JIT probes
// `new Function` (an eval sink under Trusted Types) when its schemas are built. That is the test
// backend's concern, not the widget's (which has no zod): run zod without it, before any schema exists.
import { z } from 'zod';

z.config({ jitless: true });
