// A moderator who approves a comment has read it as it stands: readers' reports no longer take that
// text down (a few networks could otherwise hide any comment they dislike, again and again); they are
// listed for the moderators instead. reviewed_at says when a moderator last approved the comment's
// current text; an edit by its author clears it. Comments approved before this column existed get the
// time of their last approval in the moderation log, unless they were edited after it.
import { sql, type Kysely } from 'kysely';
import { timestamp } from '../migration-helpers.js';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comments').addColumn('reviewed_at', timestamp()).execute();
  await sql`
    update comments set reviewed_at = (
      select max(l.at) from moderation_log l
      where l.target_type = 'comment' and l.action = 'approve' and l.target_id = cast(comments.id as text)
    )
    where status = 'approved'`.execute(db);
  await sql`update comments set reviewed_at = null where reviewed_at < edited_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('comments').dropColumn('reviewed_at').execute();
}
