#include "webhookcursors.h"

#include <QSqlQuery>

#include "database.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Ops {

WebhookCursors::WebhookCursors(const Database &database)
    : m_database(database)
{ }

std::optional<WebhookCursor> WebhookCursors::get(const QString &endpoint) const
{
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT epoch, seq, delivered, last_success_at FROM webhook_cursors "
              "WHERE endpoint = ?"_s);
    q.addBindValue(endpoint);
    if (!Sql::run(q, "webhook cursor"_L1) || !q.next())
        return std::nullopt;
    WebhookCursor cursor { endpoint, q.value(0).toString(), q.value(1).toLongLong(),
        q.value(2).toLongLong(), {} };
    if (!q.value(3).isNull())
        cursor.lastSuccessAt = Sql::fromIsoTime(q.value(3));
    return cursor;
}

bool WebhookCursors::save(const WebhookCursor &cursor)
{
    // Both dialects spell an upsert this way (SQLite 3.24+).
    QSqlQuery q(m_database.connection());
    q.prepare(u"INSERT INTO webhook_cursors (endpoint, epoch, seq, delivered, last_success_at) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (endpoint) DO UPDATE SET epoch = excluded.epoch, "
              "seq = excluded.seq, delivered = excluded.delivered, "
              "last_success_at = excluded.last_success_at"_s);
    Sql::bind(q,
        { cursor.endpoint, cursor.epoch, cursor.seq, cursor.delivered,
            Sql::timeOrNull(cursor.lastSuccessAt) });
    return Sql::run(q, "save webhook cursor"_L1);
}

qint64 WebhookCursors::pendingAfter(
    qint64 seq, const QStringList &types, const QStringList &regions) const
{
    Sql::Where where;
    where.add(u"seq > ?"_s, seq);
    where.addIn("type"_L1, types);
    if (!regions.isEmpty()) {
        // Events of every region (an import) concern every endpoint.
        QStringList withAll = regions;
        withAll.append(QString(u""_s));
        where.addIn("region"_L1, withAll);
    }
    QSqlQuery q(m_database.connection());
    q.prepare(u"SELECT COUNT(*) FROM event_log"_s + where.sql());
    where.bind(q);
    if (!Sql::run(q, "pending webhook events"_L1) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace Ops
