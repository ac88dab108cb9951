// A route handler computing in Node (the package's Node entry, bundled into the server).
import * as melspec from 'melspec-wasm';
import { toneCheck } from '../../../../tone-check.js';

export const dynamic = 'force-dynamic';

export async function GET() {
  return Response.json(await toneCheck(melspec));
}
