#include "eventlog.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "sqlsupport.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

QString newEpoch()
{
    // 64 random bits as 16 hex digits: enough that two databases never share an epoch.
    return u"%1"_s.arg(QRandomGenerator::system()->generate64(), 16, 16, QLatin1Char('0'));
}

//! Stores \a epoch as the log's (PostgreSQL: `event_head`; SQLite: `meta`) with \a q, inside
//! the caller's write transaction; \a what names the statement.
bool storeEpoch(QSqlQuery &q, bool postgres, const QString &epoch, QLatin1StringView what)
{
    q.prepare(postgres ? u"UPDATE event_head SET epoch = ? WHERE id = 1"_s
                       : u"INSERT OR REPLACE INTO meta (key, value) VALUES ('epoch', ?)"_s);
    q.addBindValue(epoch);
    return Sql::run(q, what);
}

std::optional<ChangeEvent> eventFromRow(const QSqlQuery &q, const QString &epoch)
{
    Sql::RowReader row(q);
    ChangeEvent e;
    bool seqOk = false;
    bool versionOk = false;
    e.seq = row.next().toLongLong(&seqOk);
    e.epoch = epoch;
    e.type = row.text();
    e.entity = row.text();
    e.id = row.text();
    e.version = row.next().toLongLong(&versionOk);
    e.ts = row.time();
    QJsonParseError parseError;
    const QJsonDocument fields = QJsonDocument::fromJson(row.next().toByteArray(), &parseError);
    if (!seqOk || e.seq < 1 || !versionOk || e.type.isEmpty() || e.entity.isEmpty()
        || e.id.isEmpty() || !e.ts.isValid() || parseError.error != QJsonParseError::NoError
        || !fields.isObject()) {
        qCWarning(lcServerDb) << "skipping invalid event_log row" << e.seq;
        return std::nullopt;
    }
    e.fields = fields.object();
    return e;
}

QString fieldsText(const ChangeEvent &event)
{
    return QString::fromUtf8(QJsonDocument(event.fields).toJson(QJsonDocument::Compact));
}

//! SQLite: appends one event; AUTOINCREMENT assigns the seq under the write lock.
std::optional<qint64> appendSqlite(
    const QSqlDatabase &db, ChangeEvent &event, const QString &region)
{
    Sql::Statement statement(db,
        u"INSERT INTO event_log (type, entity, entity_id, version, ts, fields, region) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { event.type, event.entity, event.id, event.version, Sql::isoTime(event.ts),
            fieldsText(event), Sql::text(region) });
    if (!Sql::run(q, "append event"_L1))
        return std::nullopt;
    bool ok = false;
    const qint64 seq = q.lastInsertId().toLongLong(&ok);
    return ok ? std::optional(seq) : std::nullopt;
}

//! PostgreSQL: takes the next seq from the event_head row (locked by the caller's write
//! transaction, so no other transaction can take a seq until this one commits or rolls back),
//! appends the event and queues a NOTIFY, which PostgreSQL delivers only when it commits.
std::optional<qint64> appendPostgres(
    const QSqlDatabase &db, ChangeEvent &event, const QString &region)
{
    Sql::Statement headStatement(
        db, u"UPDATE event_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, epoch"_s);
    QSqlQuery &head = *headStatement;
    if (!Sql::run(head, "next seq"_L1) || !head.next())
        return std::nullopt;
    const qint64 seq = head.value(0).toLongLong();
    Sql::Statement statement(db,
        u"INSERT INTO event_log (seq, type, entity, entity_id, version, ts, fields, region) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    QSqlQuery &q = *statement;
    Sql::bind(q,
        { seq, event.type, event.entity, event.id, event.version, Sql::isoTime(event.ts),
            fieldsText(event), Sql::text(region) });
    if (!Sql::run(q, "append event"_L1))
        return std::nullopt;
    // The payload is only a hint: listeners read the log from their own cursor.
    Sql::Statement notifyStatement(db, u"SELECT pg_notify(?, ?)"_s);
    QSqlQuery &notify = *notifyStatement;
    Sql::bind(notify, { EventLog::NotificationChannel.toString(), QString::number(seq) });
    if (!Sql::run(notify, "notify"_L1))
        return std::nullopt;
    event.epoch = head.value(1).toString();
    return seq;
}

} // namespace

EventLog::EventLog(const Database &database)
    : m_database(database)
{ }

Error EventLog::loadEpoch()
{
    const QSqlDatabase db = m_database.connection();
    const bool pg = m_database.isPostgres();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
    if (!tx.isActive())
        return Sql::storageError(db, u"cannot read meta"_s);
    QSqlQuery q(db);
    q.prepare(pg ? u"SELECT epoch FROM event_head WHERE id = 1"_s
                 : u"SELECT value FROM meta WHERE key = 'epoch'"_s);
    if (!Sql::run(q, "select epoch"_L1))
        return Sql::storageError(db, u"cannot read the epoch"_s);
    if (q.next() && !q.value(0).toString().isEmpty()) {
        m_epoch = q.value(0).toString();
        q.finish();
        return tx.commit() ? Error {} : Sql::storageError(db, u"cannot read the epoch"_s);
    }
    q.finish();
    const QString epoch = newEpoch();
    if (!storeEpoch(q, pg, epoch, "insert epoch"_L1) || !tx.commit())
        return Sql::storageError(db, u"cannot store the epoch"_s);
    m_epoch = epoch;
    return {};
}

bool EventLog::append(const QSqlDatabase &db, ChangeEvent &event, const QString &region)
{
    event.epoch = m_epoch;
    const auto seq =
        Sql::isPostgres(db) ? appendPostgres(db, event, region) : appendSqlite(db, event, region);
    if (!seq)
        return false;
    event.seq = *seq;
    return true;
}

std::optional<StreamPosition> EventLog::readHead(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (Sql::isPostgres(db)) {
        q.prepare(u"SELECT epoch, seq FROM event_head WHERE id = 1"_s);
    } else {
        q.prepare(u"SELECT (SELECT value FROM meta WHERE key = 'epoch'), "
                  "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'event_log'), 0)"_s);
    }
    if (!Sql::run(q, "select head"_L1) || !q.next())
        return std::nullopt;
    return StreamPosition { q.value(0).toString(), q.value(1).toLongLong() };
}

StreamPosition EventLog::head() const
{
    const auto head = readHead(m_database.connection());
    return head ? *head : StreamPosition { m_epoch, 0 };
}

QList<ChangeEvent> EventLog::eventsAfter(qint64 seq, int limit) const
{
    QList<ChangeEvent> events;
    for (LoggedEvent &logged : loggedAfter(seq, limit))
        events.append(std::move(logged.event));
    return events;
}

QList<LoggedEvent> EventLog::loggedAfter(qint64 seq, int limit) const
{
    QList<LoggedEvent> events;
    Sql::Statement statement(m_database.connection(),
        u"SELECT seq, type, entity, entity_id, version, ts, fields, region FROM event_log "
        "WHERE seq > ? ORDER BY seq LIMIT ?"_s,
        Sql::Statement::Reading::ForwardOnly);
    QSqlQuery &q = *statement;
    Sql::bind(q, { seq, limit });
    if (!Sql::run(q, "events after"_L1))
        return events;
    while (q.next()) {
        if (auto e = eventFromRow(q, m_epoch))
            events.append(LoggedEvent { std::move(*e), q.value(7).toString() });
    }
    return events;
}

qint64 EventLog::oldestSeq() const
{
    const QSqlDatabase db = m_database.connection();
    QSqlQuery q(db);
    if (!Sql::runStatement(q, u"SELECT MIN(seq) FROM event_log"_s) || !q.next())
        return 0;
    if (q.value(0).isNull()) {
        const auto head = readHead(db);
        return (head ? head->seq : 0) + 1;
    }
    return q.value(0).toLongLong();
}

StoreListing<QJsonObject> EventLog::recent(
    const QStringList &visibleRegions, const QStringList &entities, int limit) const
{
    StoreListing<QJsonObject> result;
    const QSqlDatabase db = m_database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    Sql::Where where;
    where.addIn("e.region"_L1, visibleRegions);
    where.addIn("e.entity"_L1, entities);
    // An order update without a history row is derived (an ETA): nobody did anything.
    where.clauses.append(u"NOT (e.type = 'order.updated' AND h.id IS NULL)"_s);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT e.seq, e.type, e.entity, e.entity_id, e.version, e.ts, e.region,"
              " h.actor, h.field, h.from_value, h.to_value, p.order_id, a.message, a.subject_id"
              " FROM event_log e"
              // One change may write several history rows (status and driver): the first.
              " LEFT JOIN order_history h ON e.entity = 'order' AND h.id ="
              "  (SELECT MIN(id) FROM order_history WHERE seq = e.seq)"
              " LEFT JOIN payments p ON e.entity = 'payment' AND p.id = e.entity_id"
              " LEFT JOIN alerts a ON e.entity = 'alert' AND a.id = e.entity_id"
              "%1 ORDER BY e.seq DESC LIMIT ?"_s.arg(where.sql()));
    where.bind(q);
    q.addBindValue(limit);
    if (!tx.isActive() || !Sql::run(q, "recent events"_L1)) {
        result.error = Sql::storageError(db, u"cannot read the event log"_s);
        return result;
    }
    while (q.next()) {
        QJsonObject e {
            { "seq"_L1, q.value(0).toLongLong() },
            { "type"_L1, q.value(1).toString() },
            { "entity"_L1, q.value(2).toString() },
            { "id"_L1, q.value(3).toString() },
            { "version"_L1, q.value(4).toLongLong() },
            { "ts"_L1, q.value(5).toString() },
            { "region"_L1, q.value(6).toString() },
        };
        static constexpr std::array kOptional { "actor"_L1, "field"_L1, "from"_L1, "to"_L1,
            "orderId"_L1, "message"_L1, "subjectId"_L1 };
        for (int i = 0; i < int(kOptional.size()); ++i) {
            if (!q.value(7 + i).isNull())
                e.insert(kOptional[size_t(i)], q.value(7 + i).toString());
        }
        result.items.append(e);
    }
    q.finish();
    const auto head = readHead(db);
    if (!head || !tx.commit()) {
        result.items.clear();
        result.error = Sql::storageError(db, u"cannot read the event-log head"_s);
        return result;
    }
    result.position = *head;
    return result;
}

qint64 EventLog::trim(int keepLast, qint64 keepAfter)
{
    const QSqlDatabase db = m_database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
    if (!tx.isActive())
        return -1;
    const auto head = readHead(db);
    if (!head)
        return -1;
    QSqlQuery q(db);
    q.prepare(u"DELETE FROM event_log WHERE seq <= ?"_s);
    q.addBindValue(qMin(head->seq - qMax(0, keepLast), keepAfter));
    const qint64 deleted = commitTrim(tx, q, "trim log"_L1);
    if (deleted > 0)
        qCInfo(lcServerDb) << "trimmed" << deleted << "events from the log";
    return deleted;
}

qint64 EventLog::trimOlderThan(const QDateTime &cutoff, qint64 keepAfter)
{
    const QSqlDatabase db = m_database.connection();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
    if (!tx.isActive())
        return -1;
    QSqlQuery q(db);
    // By seq, not ts alone: the retained log must stay contiguous even if clocks stepped back.
    q.prepare(u"DELETE FROM event_log WHERE seq <= ? AND seq <= "
              "(SELECT COALESCE(MAX(seq), 0) FROM event_log WHERE ts < ?)"_s);
    Sql::bind(q, { keepAfter, Sql::isoTime(cutoff) });
    const qint64 deleted = commitTrim(tx, q, "trim log by age"_L1);
    if (deleted > 0)
        qCInfo(lcServerDb) << "trimmed" << deleted << "events older than" << Sql::isoTime(cutoff);
    return deleted;
}

qint64 EventLog::commitTrim(Sql::Transaction &tx, QSqlQuery &q, QLatin1StringView what)
{
    if (!Sql::run(q, what))
        return -1;
    const qint64 deleted = q.numRowsAffected();
    if (!tx.commit())
        return -1;
    if (deleted > 0)
        ++m_generation;
    return deleted;
}

Error EventLog::reset()
{
    const QSqlDatabase db = m_database.connection();
    const bool pg = m_database.isPostgres();
    Sql::Transaction tx(db, Sql::Transaction::Mode::Immediate);
    if (!tx.isActive())
        return Sql::storageError(db, u"database not open"_s);
    const QString epoch = newEpoch();
    QSqlQuery q(db);
    // changed_seq values of the old epoch would read as "changed after" any new seq.
    if (!Sql::runStatement(q, u"DELETE FROM event_log"_s)
        || !Sql::runStatement(q,
            pg ? u"UPDATE event_head SET seq = 0 WHERE id = 1"_s
               : u"DELETE FROM sqlite_sequence WHERE name = 'event_log'"_s)
        || !Sql::runStatement(q, u"UPDATE orders SET changed_seq = 0"_s))
        return Sql::storageError(db, u"cannot reset the event log"_s);
    if (!storeEpoch(q, pg, epoch, "new epoch"_L1) || !tx.commit())
        return Sql::storageError(db, u"cannot reset the event log"_s);
    m_epoch = epoch;
    ++m_generation;
    qCInfo(lcServerDb) << "event log reset, new epoch" << m_epoch;
    return {};
}

} // namespace Ops
