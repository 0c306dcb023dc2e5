#include "alertrepository.h"

#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "listing.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kAlertColumns =
    "id, kind, severity, subject_id, region, message, raised_at, status, version, snoozed_until"_L1;

std::optional<Alert> alertFromRow(const QSqlQuery &q)
{
    Alert a;
    a.id = q.value(0).toString();
    a.kind = q.value(1).toString();
    a.severity = q.value(2).toString();
    a.subjectId = q.value(3).toString();
    a.region = q.value(4).toString();
    a.message = q.value(5).toString();
    a.raisedAt = Sql::fromIsoTime(q.value(6));
    a.status = q.value(7).toString();
    bool versionOk = false;
    a.version = q.value(8).toLongLong(&versionOk);
    if (!q.value(9).isNull())
        a.snoozedUntil = Sql::fromIsoTime(q.value(9));
    if (a.id.isEmpty() || a.kind.isEmpty() || a.status.isEmpty() || !a.raisedAt.isValid()
        || !versionOk || a.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid alerts row" << a.id;
        return std::nullopt;
    }
    return a;
}

} // namespace

std::optional<Alert> RowTraits<Alert>::select(const QSqlDatabase &db, const QString &id)
{
    QSqlQuery q(db);
    q.prepare(u"SELECT %1 FROM alerts WHERE id = ?"_s.arg(kAlertColumns));
    q.addBindValue(id);
    if (!Sql::run(q, "select alert"_L1) || !q.next())
        return std::nullopt;
    return alertFromRow(q);
}

bool RowTraits<Alert>::update(const QSqlDatabase &db, const Alert &current, const Alert &next,
    const ChangeEvent &event, const WriteBy &by)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE alerts SET status = ?, snoozed_until = ?, version = ? "
              "WHERE id = ? AND version = ?"_s);
    Sql::bind(q,
        { next.status, Sql::timeOrNull(next.snoozedUntil), next.version, next.id,
            current.version });
    if (!Sql::run(q, "update alert"_L1) || q.numRowsAffected() != 1)
        return false;
    qCDebug(lcServerDb) << "alert" << next.id << "->" << next.status << "snoozed until"
                        << next.snoozedUntil << "seq" << event.seq << "by" << by.actor;
    return true;
}

AlertRepository::AlertRepository(StoreContext &context)
    : m_context(context)
{ }

std::optional<Alert> AlertRepository::get(const QString &id) const
{
    return RowTraits<Alert>::select(m_context.database.connection(), id);
}

StoreWrite<Alert> AlertRepository::raise(const Alert &draft, const QString &actor)
{
    StoreWrite<Alert> result;
    WriteTransaction tx(m_context);
    if (!tx.isActive()) {
        result.error = tx.failure(u"cannot start a write transaction"_s);
        return result;
    }
    {
        QSqlQuery q(tx.connection());
        q.prepare(u"SELECT COUNT(*) FROM alerts WHERE kind = ? AND subject_id = ? "
                  "AND status != 'resolved'"_s);
        Sql::bind(q, { draft.kind, draft.subjectId });
        if (!Sql::run(q, "find alert"_L1) || !q.next()) {
            result.error = tx.failure(u"cannot look up alerts"_s);
            return result;
        }
        if (q.value(0).toLongLong() > 0) {
            result.error = Error { ErrorKind::Conflict,
                u"an unresolved %1 alert for %2 exists"_s.arg(draft.kind, draft.subjectId) };
            return result;
        }
    }
    const auto id = Sql::nextId(tx.connection(), "alerts"_L1, "ALT"_L1);
    if (!id) {
        result.error = tx.failure(u"cannot allocate an alert id"_s);
        return result;
    }
    Alert a = draft;
    a.id = *id;
    a.status = u"open"_s;
    a.raisedAt = Sql::nowUtc();
    a.version = 1;
    ChangeEvent event { 0, {}, u"alert.raised"_s, u"alert"_s, a.id, a.version, a.raisedAt, {} };
    QSqlQuery q(tx.connection());
    q.prepare(
        u"INSERT INTO alerts (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)"_s.arg(kAlertColumns));
    Sql::bind(q,
        { a.id, a.kind, a.severity, a.subjectId, a.region, Sql::text(a.message),
            Sql::isoTime(a.raisedAt), a.status, a.version });
    if (!Sql::run(q, "insert alert"_L1) || !tx.append(event, a.region) || !tx.commit()) {
        result.error = tx.failure(u"cannot raise an alert for %1"_s.arg(a.subjectId));
        return result;
    }
    qCDebug(lcServerDb) << "alert" << a.id << a.kind << a.subjectId << "by" << actor;
    result.item = a;
    result.event = event;
    return result;
}

StoreWrite<Alert> AlertRepository::update(const QString &id, std::optional<qint64> expectedVersion,
    const QString &actor, const RowDecision<Alert> &decide)
{
    return versionedWrite<Alert>(m_context, id, expectedVersion, WriteBy { actor, {} }, decide);
}

StoreListing<Alert> AlertRepository::list(
    const QStringList &visibleRegions, const QStringList &statuses, const QDateTime &awakeAt) const
{
    Sql::Where where;
    where.addIn("region"_L1, visibleRegions);
    where.addIn("status"_L1, statuses);
    if (awakeAt.isValid())
        where.add(u"(snoozed_until IS NULL OR snoozed_until <= ?)"_s, Sql::isoTime(awakeAt));
    return listWithPosition<Alert>(m_context.database.connection(), "alerts"_L1, kAlertColumns,
        where, "list alerts"_L1, &alertFromRow);
}

} // namespace Ops
