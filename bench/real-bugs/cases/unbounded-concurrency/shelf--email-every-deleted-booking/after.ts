// Case: Shelf-nu/shelf.nu, fix commit 939e7f1197556d8620330b9c4c674d8e684db856 ("fix: temp fix for bulk sending emails
// until queue is ready", PR https://github.com/Shelf-nu/shelf.nu/pull/1580). Rewritten in our own code: the mails go
// out two at a time with a pause between batches, under the mail provider's rate limit.
import { db, type BookingRow, type BookingWhere } from '~/database/db.server';
import { sendEmail } from '~/emails/mail.server';

function deletedText(booking: BookingRow): string {
  const who = `${booking.custodianUser?.firstName ?? ''} ${booking.custodianUser?.lastName ?? ''}`.trim();
  return `Hi ${who}, the booking "${booking.name}" (${booking.assets.length} assets) was deleted.`;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function sendPaced(
  messages: { to: string; subject: string; text: string }[],
  perBatch = 2,
  gapMs = 1100,
): Promise<void> {
  for (let start = 0; start < messages.length; start += perBatch) {
    const batch = messages.slice(start, start + perBatch);
    await Promise.all(batch.map((message) => sendEmail(message)));
    if (start + perBatch < messages.length) await pause(gapMs);
  }
}

export async function deleteBookings(organizationId: string, where: BookingWhere): Promise<number> {
  const bookings = await db.booking.findMany({
    where: { ...where, organizationId },
    include: { custodianUser: true, assets: true },
  });
  const toNotify = bookings.filter((booking) => Boolean(booking.custodianUser?.email));

  const { count } = await db.booking.deleteMany({ where: { id: { in: bookings.map((b) => b.id) } } });

  await sendPaced(
    toNotify.map((booking) => ({
      to: booking.custodianUser?.email ?? '',
      subject: `Booking deleted (${booking.name})`,
      text: deletedText(booking),
    })),
  );
  return count;
}
