// Case: louislam/uptime-kuma, fix commit 70e7945a6680ce449752ec01f7aaa4439484b877 ("fix possible race condition";
// https://github.com/louislam/uptime-kuma/commit/70e7945a6680ce449752ec01f7aaa4439484b877).
// The code just before the fix, rewritten in our own code: saving a monitor's notification choices deletes the old
// link rows without awaiting the delete and then inserts the new ones, so the delete can run after the inserts and
// wipe them.
'use strict';

/** @typedef {{ exec(sql: string, params: unknown[]): Promise<void>, insert(table: string, row: Record<string, unknown>): Promise<number> }} Database */

/**
 * @param {Database} db
 * @param {number} monitorId
 * @param {Record<string, boolean>} chosen notification id -> enabled
 */
async function setMonitorNotifications(db, monitorId, chosen) {
  db.exec('DELETE FROM monitor_notification WHERE monitor_id = ?', [monitorId]);

  for (const notificationId in chosen) {
    if (chosen[notificationId]) {
      await db.insert('monitor_notification', { monitor_id: monitorId, notification_id: notificationId });
    }
  }
}

module.exports = { setMonitorNotifications };
