// Case: Shelf-nu/shelf.nu, fix commit 939e7f1197556d8620330b9c4c674d8e684db856 ("fix: temp fix for bulk sending emails
// until queue is ready", PR https://github.com/Shelf-nu/shelf.nu/pull/1580). Rewritten in our own code: deleting
// bookings in bulk (possibly every booking a filter matches) mails each custodian, all mails at once, and the mail
// provider's rate limit rejects most of them.
import { db, type BookingRow, type BookingWhere } from '~/database/db.server';
import { sendEmail } from '~/emails/mail.server';

function deletedText(booking: BookingRow): string {
  const who = `${booking.custodianUser?.firstName ?? ''} ${booking.custodianUser?.lastName ?? ''}`.trim();
  return `Hi ${who}, the booking "${booking.name}" (${booking.assets.length} assets) was deleted.`;
}

export async function deleteBookings(organizationId: string, where: BookingWhere): Promise<number> {
  const bookings = await db.booking.findMany({
    where: { ...where, organizationId },
    include: { custodianUser: true, assets: true },
  });
  const toNotify = bookings.filter((booking) => Boolean(booking.custodianUser?.email));

  const { count } = await db.booking.deleteMany({ where: { id: { in: bookings.map((b) => b.id) } } });

  await Promise.all(
    toNotify.map((booking) =>
      sendEmail({
        to: booking.custodianUser?.email ?? '',
        subject: `Booking deleted (${booking.name})`,
        text: deletedText(booking),
      }),
    ),
  );
  return count;
}
