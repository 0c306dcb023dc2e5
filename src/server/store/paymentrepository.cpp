#include "paymentrepository.h"

#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "listing.h"
#include "orderrepository.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kPaymentColumns =
    "id, order_id, region, amount_cents, method, status, created_at, version"_L1;

std::optional<Payment> paymentFromRow(const QSqlQuery &q)
{
    Sql::RowReader row(q);
    Payment p;
    p.id = row.text();
    p.orderId = row.text();
    p.region = row.text();
    bool amountOk = false;
    bool versionOk = false;
    p.amountCents = row.next().toLongLong(&amountOk);
    p.method = row.text();
    p.status = row.text();
    p.createdAt = row.time();
    p.version = row.next().toLongLong(&versionOk);
    if (p.id.isEmpty() || p.orderId.isEmpty() || !amountOk || !p.createdAt.isValid() || !versionOk
        || p.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid payments row" << p.id;
        return std::nullopt;
    }
    return p;
}

} // namespace

PaymentRepository::PaymentRepository(StoreContext &context)
    : m_context(context)
{ }

StoreWrite<Payment> PaymentRepository::create(
    const QString &orderId, const QString &method, const QString &status, const QString &actor)
{
    StoreWrite<Payment> result;
    WriteTransaction tx(m_context);
    result.error = tx.startError();
    if (!result.error.ok())
        return result;
    const auto order = RowTraits<Order>::select(tx.connection(), orderId);
    if (!order) {
        result.error = Error { ErrorKind::NotFound, u"order %1 not found"_s.arg(orderId) };
        return result;
    }
    const auto id = Sql::nextId(tx.connection(), "payments"_L1, "PAY"_L1);
    if (!id) {
        result.error = tx.failure(u"cannot allocate a payment id"_s);
        return result;
    }
    Payment p { *id, orderId, order->region, order->amountCents, method, status, Sql::nowUtc(), 1 };
    ChangeEvent event { 0, {}, u"payment.created"_s, u"payment"_s, p.id, p.version, p.createdAt,
        {} };
    QSqlQuery q(tx.connection());
    q.prepare(u"INSERT INTO payments (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(kPaymentColumns));
    Sql::bind(q,
        { p.id, p.orderId, p.region, p.amountCents, p.method, p.status, Sql::isoTime(p.createdAt),
            p.version });
    if (!Sql::run(q, "insert payment"_L1) || !tx.append(event, p.region) || !tx.commit()) {
        result.error = tx.failure(u"cannot record a payment for %1"_s.arg(orderId));
        return result;
    }
    qCDebug(lcServerDb) << "payment" << p.id << "for" << orderId << "by" << actor;
    result.item = p;
    result.event = event;
    return result;
}

StoreListing<Payment> PaymentRepository::list(
    const QStringList &visibleRegions, const QString &orderId) const
{
    Sql::Where where;
    where.addIn("region"_L1, visibleRegions);
    if (!orderId.isEmpty())
        where.add(u"order_id = ?"_s, orderId);
    return listWithPosition<Payment>(m_context.database.connection(), "payments"_L1,
        kPaymentColumns, where, "list payments"_L1, &paymentFromRow);
}

} // namespace Ops
