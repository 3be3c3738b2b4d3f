/** Case records, their timelines and escalations, settings and the engineers' channel on PostgreSQL. */
import type pg from 'pg';
import type { CaseStore, ChannelActivityStore, EscalationStore, SettingsStore } from '../ports';
import {
  storedWhat,
  toCaseRow,
  toEscalation,
  toTimelineEntry,
  type CaseDbRow,
  type EscalationRow,
  type TimelineRow,
} from '../rows';
import { changed, rows } from './db';

export function postgresCases(pool: pg.Pool): CaseStore {
  return {
    async get(caseNumber) {
      const [row] = await rows<CaseDbRow>(pool, 'SELECT * FROM cases WHERE case_number = $1', [caseNumber]);
      return row ? toCaseRow(row) : undefined;
    },
    async listByUser(userId) {
      const found = await rows<CaseDbRow>(
        pool,
        'SELECT * FROM cases WHERE user_id = $1 ORDER BY created_at DESC, case_number COLLATE "C" DESC',
        [userId],
      );
      return found.map(toCaseRow);
    },
    async timeline(caseNumber) {
      const found = await rows<TimelineRow>(
        pool,
        'SELECT case_number, at, actor, what FROM timeline WHERE case_number = $1 ORDER BY at, seq',
        [caseNumber],
      );
      return found.map(toTimelineEntry);
    },
    async appendTimeline(entry) {
      await pool.query('INSERT INTO timeline (case_number, at, actor, what) VALUES ($1, $2, $3, $4)', [
        entry.caseNumber,
        entry.at,
        entry.actor,
        storedWhat(entry),
      ]);
    },
    async listByStatus(statuses, updatedBefore) {
      const found = await rows<CaseDbRow>(
        pool,
        'SELECT * FROM cases WHERE status = ANY($1::text[]) AND updated_at < $2 ORDER BY updated_at',
        [statuses, updatedBefore],
      );
      return found.map(toCaseRow);
    },
    async setEngineerFields(caseNumber, fields, now) {
      const touches = fields.priority !== undefined || fields.owner !== undefined || !!fields.status;
      if (!touches)
        return (await rows(pool, 'SELECT 1 FROM cases WHERE case_number = $1', [caseNumber])).length > 0;
      return (
        (await changed(
          pool,
          `UPDATE cases SET priority = COALESCE($2, priority),
             owner = CASE WHEN $3 THEN $4 ELSE owner END,
             status = COALESCE($5, status), updated_at = $6
           WHERE case_number = $1`,
          [
            caseNumber,
            fields.priority || null,
            fields.owner !== undefined,
            fields.owner ?? null,
            fields.status || null,
            now,
          ],
        )) === 1
      );
    },
  };
}

export function postgresEscalations(pool: pg.Pool): EscalationStore {
  const one = async (where: string, value: string) => {
    const [row] = await rows<EscalationRow>(pool, `SELECT * FROM escalations WHERE ${where} = $1`, [value]);
    return row ? toEscalation(row) : undefined;
  };
  return {
    async open(caseNumber, reason, now) {
      // Inserted, or an ended one reopened: a row comes back. An open one stays as it is.
      const [opened] = await rows<EscalationRow>(
        pool,
        `INSERT INTO escalations (case_number, reason, requested_at) VALUES ($1, $2, $3)
         ON CONFLICT (case_number) DO UPDATE SET reason = excluded.reason, requested_at = excluded.requested_at,
           announced_at = NULL, card_activity_id = NULL, channel_id = NULL, taken_by_id = NULL,
           taken_by_name = NULL, taken_at = NULL, ended_at = NULL
         WHERE escalations.ended_at IS NOT NULL
         RETURNING *`,
        [caseNumber, reason, now],
      );
      if (opened) return { record: toEscalation(opened), opened: true };
      return { record: (await one('case_number', caseNumber))!, opened: false };
    },
    get: (caseNumber) => one('case_number', caseNumber),
    byCard: (activityId) => one('card_activity_id', activityId),
    async announced(caseNumber, channelConversationId, cardActivityId, at) {
      await pool.query(
        'UPDATE escalations SET channel_id = $1, card_activity_id = $2, announced_at = $3 WHERE case_number = $4',
        [channelConversationId, cardActivityId, at, caseNumber],
      );
    },
    async touched(caseNumber, at) {
      await pool.query('UPDATE escalations SET announced_at = $1 WHERE case_number = $2', [at, caseNumber]);
    },
    async take(caseNumber, engineer, at) {
      return (
        (await changed(
          pool,
          `UPDATE escalations SET taken_by_id = $1, taken_by_name = $2, taken_at = $3
           WHERE case_number = $4 AND taken_by_id IS NULL AND ended_at IS NULL`,
          [engineer.id, engineer.name, at, caseNumber],
        )) === 1
      );
    },
    async end(caseNumber, at) {
      await pool.query('UPDATE escalations SET ended_at = $1 WHERE case_number = $2 AND ended_at IS NULL', [
        at,
        caseNumber,
      ]);
    },
    async listOpen() {
      const found = await rows<EscalationRow>(
        pool,
        'SELECT * FROM escalations WHERE ended_at IS NULL ORDER BY requested_at, case_number COLLATE "C"',
      );
      return found.map(toEscalation);
    },
  };
}

export const UPSERT_SETTING =
  'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value';

export function postgresSettings(pool: pg.Pool): SettingsStore {
  return {
    async get(key) {
      const [row] = await rows<{ value: string }>(pool, 'SELECT value FROM settings WHERE key = $1', [key]);
      return row ? (JSON.parse(row.value) as unknown) : undefined;
    },
    async set(key, value) {
      await pool.query(UPSERT_SETTING, [key, JSON.stringify(value)]);
    },
  };
}

export function postgresChannelActivities(pool: pg.Pool): ChannelActivityStore {
  return {
    async claim(key, at) {
      return (
        (await changed(
          pool,
          'INSERT INTO channel_activities (key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [key, at],
        )) === 1
      );
    },
  };
}
