// Helper module of the case (see before.js): the hosted Postgres client.
import { createClient } from '@supabase/supabase-js';

export const database = createClient(process.env.DATABASE_URL ?? '', process.env.DATABASE_KEY ?? '');
