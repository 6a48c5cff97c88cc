-- pgbench script of bench/store/run: the row POST /api/v1/notes writes, inserted directly.
\set n random(1, 1000000000)
INSERT INTO bench_notes (id, user_id, text_content, timestamp, names, created_at, updated_at)
VALUES (md5(:n::text || clock_timestamp()::text), 'bench-user', 'bench note',
        timestamptz '2024-03-12 09:14:00+00', '{}', now(), now());
