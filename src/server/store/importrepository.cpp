#include "importrepository.h"

#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "orderrepository.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Ops {

ImportRepository::ImportRepository(StoreContext &context)
    : m_context(context)
{ }

ImportWrite ImportRepository::importOrders(
    const QList<Order> &drafts, int rowsRead, const QString &actor, bool dryRun)
{
    ImportWrite result;
    QStringList refs;
    refs.reserve(drafts.size());
    for (const Order &o : drafts)
        refs.append(o.externalRef);
    if (dryRun) {
        const QSqlDatabase db = m_context.database.connection();
        Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
        if (!tx.isActive() || !OrderRepository::idsByExternalRefIn(db, refs, &result.existing)
            || !tx.commit())
            result.error = Sql::storageError(db, u"cannot look up externalRefs"_s);
        return result;
    }
    WriteTransaction tx(m_context);
    const QSqlDatabase db = tx.connection();
    result.error = tx.startError();
    if (!result.error.ok())
        return result;
    // Decided under the write lock: a ref another writer created a moment ago is found here.
    if (!OrderRepository::idsByExternalRefIn(db, refs, &result.existing)) {
        result.error = tx.failure(u"cannot look up externalRefs"_s);
        return result;
    }
    QList<Order> fresh;
    fresh.reserve(drafts.size());
    for (const Order &o : drafts) {
        if (!result.existing.contains(o.externalRef))
            fresh.append(o);
    }
    if (fresh.isEmpty())
        return result; // nothing new: no write, no event
    const auto id = Sql::nextId(db, "imports"_L1, "IMP"_L1);
    if (!id) {
        result.error = tx.failure(u"cannot allocate an import id"_s);
        return result;
    }
    ImportRecord record { *id, actor, Sql::nowUtc(), rowsRead, int(fresh.size()),
        int(drafts.size() - fresh.size()), {}, {}, 1 };
    // The event first (its seq is every new row's changed_seq); its fields are filled in
    // before the append, so the ids are known: they are the next ones in order.
    const auto firstOrder = Sql::nextId(db, "orders"_L1, "ORD"_L1);
    if (!firstOrder) {
        result.error = tx.failure(u"cannot allocate order ids"_s);
        return result;
    }
    const qint64 firstNumber = firstOrder->mid(4).toLongLong();
    record.firstOrderId = *firstOrder;
    record.lastOrderId = u"ORD-%1"_s.arg(firstNumber + fresh.size() - 1, 5, 10, QLatin1Char('0'));
    ChangeEvent event { 0, {}, u"import.created"_s, u"import"_s, record.id, record.version,
        record.createdAt,
        QJsonObject { { "created"_L1, record.created }, { "firstId"_L1, record.firstOrderId },
            { "lastId"_L1, record.lastOrderId } } };
    QSqlQuery q(db);
    q.prepare(u"INSERT INTO imports (id, actor, created_at, rows_read, created, existing, "
              "first_order_id, last_order_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    Sql::bind(q,
        { record.id, Sql::text(actor), Sql::isoTime(record.createdAt), record.rowsRead,
            record.created, record.existing, record.firstOrderId, record.lastOrderId,
            record.version });
    // An import concerns every region it touches: the event goes to everyone, and each client
    // reads the rows it may see (a delta read since the event before).
    if (!tx.append(event, {})
        || !OrderRepository::insertCreated(db, fresh, event.seq, record.createdAt, actor)
        || fresh.constFirst().id != record.firstOrderId || !Sql::run(q, "insert import"_L1)
        || !tx.commit()) {
        result.error = tx.failure(u"cannot record the import"_s);
        result.existing.clear();
        return result;
    }
    qCInfo(lcServerDb) << "import" << record.id << "by" << actor << "created" << record.created
                       << "orders, seq" << event.seq;
    result.created = std::move(fresh);
    result.record = record;
    result.event = event;
    return result;
}

std::optional<ImportRecord> ImportRepository::get(const QString &id) const
{
    QSqlQuery q(m_context.database.connection());
    q.prepare(u"SELECT id, actor, created_at, rows_read, created, existing, first_order_id, "
              "last_order_id, version FROM imports WHERE id = ?"_s);
    q.addBindValue(id);
    if (!Sql::run(q, "select import"_L1) || !q.next())
        return std::nullopt;
    Sql::RowReader row(q);
    ImportRecord record;
    record.id = row.text();
    record.actor = row.text();
    record.createdAt = row.time();
    record.rowsRead = row.next().toInt();
    record.created = row.next().toInt();
    record.existing = row.next().toInt();
    record.firstOrderId = row.text();
    record.lastOrderId = row.text();
    record.version = row.next().toLongLong();
    return record;
}

} // namespace Ops
