#include "alertrepository.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

#include "core/logging.h"
#include "database.h"
#include "eventlog.h"
#include "listing.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr auto kAlertColumns =
    "id, kind, severity, subject_id, region, message, raised_at, status, version, snoozed_until, "
    "code, params, acknowledged_by, acknowledged_at, resolved_by, resolved_at, escalation"_L1;

QJsonObject jsonObject(const QVariant &text)
{
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

QString jsonText(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject escalationJson(const AlertEscalation &e)
{
    return QJsonObject { { "step"_L1, e.step }, { "kind"_L1, e.kind },
        { "at"_L1, Sql::isoTime(e.at) },
        { "audience"_L1, QJsonArray::fromStringList(e.audience) } };
}

std::optional<AlertEscalation> escalationFromText(const QVariant &text)
{
    if (text.isNull())
        return std::nullopt;
    const QJsonObject json = jsonObject(text);
    AlertEscalation e;
    e.step = json.value("step"_L1).toInt();
    e.kind = json.value("kind"_L1).toString();
    e.at = Sql::fromIsoTime(json.value("at"_L1).toString());
    for (const QJsonValue &name : json.value("audience"_L1).toArray())
        e.audience.append(name.toString());
    if (e.step < 1 || e.kind.isEmpty() || !e.at.isValid())
        return std::nullopt;
    return e;
}

std::optional<Alert> alertFromRow(const QSqlQuery &q)
{
    Sql::RowReader row(q);
    Alert a;
    a.id = row.text();
    a.kind = row.text();
    a.severity = row.text();
    a.subjectId = row.text();
    a.region = row.text();
    a.message = row.text();
    a.raisedAt = row.time();
    a.status = row.text();
    bool versionOk = false;
    a.version = row.next().toLongLong(&versionOk);
    if (const QVariant snoozedUntil = row.next(); !snoozedUntil.isNull())
        a.snoozedUntil = Sql::fromIsoTime(snoozedUntil);
    a.code = row.text();
    a.params = jsonObject(row.next());
    a.acknowledgedBy = row.text();
    a.acknowledgedAt = row.time();
    a.resolvedBy = row.text();
    a.resolvedAt = row.time();
    a.escalation = escalationFromText(row.next());
    if (a.id.isEmpty() || a.kind.isEmpty() || a.status.isEmpty() || !a.raisedAt.isValid()
        || !versionOk || a.version < 1) {
        qCWarning(lcServerDb) << "skipping invalid alerts row" << a.id;
        return std::nullopt;
    }
    return a;
}

//! The receipts of the alerts \a where selects (over `alerts`), oldest first, by alert id.
bool readReceipts(
    const QSqlDatabase &db, const Sql::Where &where, QHash<QString, QList<AlertReceipt>> *out)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT alert_id, user_name, seen_at FROM alert_receipts WHERE alert_id IN "
              "(SELECT id FROM alerts%1) ORDER BY seen_at, user_name"_s.arg(where.sql()));
    where.bind(q);
    if (!Sql::run(q, "alert receipts"_L1))
        return false;
    while (q.next()) {
        AlertReceipt r { q.value(1).toString(), Sql::fromIsoTime(q.value(2)) };
        if (!r.user.isEmpty() && r.at.isValid())
            (*out)[q.value(0).toString()].append(r);
    }
    return true;
}

constexpr auto kRuleColumns =
    "region, kind, enabled, severity, threshold_minutes, renotify_minutes, escalate_minutes, "
    "remind_minutes, version, updated_at, updated_by"_L1;

std::optional<AlertRule> ruleFromRow(const QSqlQuery &q)
{
    Sql::RowReader row(q);
    AlertRule r;
    r.region = row.text();
    r.kind = row.text();
    r.enabled = row.next().toInt() != 0;
    r.severity = row.text();
    r.thresholdMinutes = row.next().toInt();
    r.renotifyMinutes = row.next().toInt();
    r.escalateMinutes = row.next().toInt();
    r.remindMinutes = row.next().toInt();
    r.version = row.next().toLongLong();
    r.updatedAt = row.time();
    r.updatedBy = row.text();
    if (r.region.isEmpty() || r.version < 1 || !r.invalidReason().isEmpty()) {
        qCWarning(lcServerDb) << "skipping invalid alert_rules row" << r.region << r.kind;
        return std::nullopt;
    }
    return r;
}

} // namespace

std::optional<Alert> RowTraits<Alert>::select(const QSqlDatabase &db, const QString &id)
{
    auto alert = Sql::selectOne(db, u"SELECT %1 FROM alerts WHERE id = ?"_s.arg(kAlertColumns),
        { id }, "select alert"_L1, alertFromRow);
    if (alert) {
        Sql::Where where;
        where.add(u"id = ?"_s, id);
        QHash<QString, QList<AlertReceipt>> receipts;
        if (!readReceipts(db, where, &receipts))
            return std::nullopt;
        alert->seenBy = receipts.value(id);
    }
    return alert;
}

bool RowTraits<Alert>::update(const QSqlDatabase &db, const Alert &current, const Alert &next,
    const ChangeEvent &event, const WriteBy &by)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE alerts SET status = ?, snoozed_until = ?, version = ?, acknowledged_by = ?, "
              "acknowledged_at = ?, resolved_by = ?, resolved_at = ?, escalation = ? "
              "WHERE id = ? AND version = ?"_s);
    Sql::bind(q,
        { next.status, Sql::timeOrNull(next.snoozedUntil), next.version,
            Sql::textOrNull(next.acknowledgedBy), Sql::timeOrNull(next.acknowledgedAt),
            Sql::textOrNull(next.resolvedBy), Sql::timeOrNull(next.resolvedAt),
            next.escalation ? QVariant(jsonText(escalationJson(*next.escalation)))
                            : Sql::nullText(),
            next.id, current.version });
    if (!Sql::run(q, "update alert"_L1) || q.numRowsAffected() != 1)
        return false;
    // Receipts only ever grow: the new ones are those past the current list.
    for (qsizetype i = current.seenBy.size(); i < next.seenBy.size(); ++i) {
        QSqlQuery r(db);
        r.prepare(u"INSERT INTO alert_receipts (alert_id, user_name, seen_at) VALUES (?, ?, ?)"_s);
        Sql::bind(r, { next.id, next.seenBy.at(i).user, Sql::isoTime(next.seenBy.at(i).at) });
        if (!Sql::run(r, "insert receipt"_L1))
            return false;
    }
    qCDebug(lcServerDb) << "alert" << next.id << "->" << next.status << "v" << next.version << "seq"
                        << event.seq << "by" << by.actor;
    return true;
}

std::optional<AlertRule> RowTraits<AlertRule>::select(const QSqlDatabase &db, const QString &id)
{
    const qsizetype slash = id.indexOf(u'/');
    if (slash <= 0)
        return std::nullopt;
    return Sql::selectOne(db,
        u"SELECT %1 FROM alert_rules WHERE region = ? AND kind = ?"_s.arg(kRuleColumns),
        { id.left(slash), id.mid(slash + 1) }, "select alert rule"_L1, ruleFromRow);
}

QJsonObject RowTraits<AlertRule>::changedFields(const AlertRule &, const AlertRule &next)
{
    return next.toJson();
}

bool RowTraits<AlertRule>::update(const QSqlDatabase &db, const AlertRule &current,
    const AlertRule &next, const ChangeEvent &, const WriteBy &by)
{
    QSqlQuery q(db);
    q.prepare(u"UPDATE alert_rules SET enabled = ?, severity = ?, threshold_minutes = ?, "
              "renotify_minutes = ?, escalate_minutes = ?, remind_minutes = ?, version = ?, "
              "updated_at = ?, updated_by = ? WHERE region = ? AND kind = ? AND version = ?"_s);
    Sql::bind(q,
        { next.enabled ? 1 : 0, next.severity, next.thresholdMinutes, next.renotifyMinutes,
            next.escalateMinutes, next.remindMinutes, next.version, Sql::isoTime(next.updatedAt),
            by.actor, next.region, next.kind, current.version });
    return Sql::run(q, "update alert rule"_L1) && q.numRowsAffected() == 1;
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
    result.error = tx.startError();
    if (!result.error.ok())
        return result;
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
    if (!a.raisedAt.isValid())
        a.raisedAt = Sql::nowUtc();
    a.version = 1;
    a.seenBy.clear();
    a.escalation.reset();
    ChangeEvent event { 0, {}, u"alert.raised"_s, u"alert"_s, a.id, a.version, a.raisedAt, {} };
    QSqlQuery q(tx.connection());
    q.prepare(u"INSERT INTO alerts (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, "
              "NULL, NULL, NULL)"_s.arg(kAlertColumns));
    Sql::bind(q,
        { a.id, a.kind, a.severity, a.subjectId, a.region, Sql::text(a.message),
            Sql::isoTime(a.raisedAt), a.status, a.version, Sql::text(a.code), jsonText(a.params) });
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

QList<StoreWrite<Alert>> AlertRepository::update(
    const QList<VersionedChange<Alert>> &changes, const QString &actor)
{
    return versionedWriteBatch<Alert>(m_context, changes, WriteBy { actor, {} });
}

StoreListing<Alert> AlertRepository::list(const QStringList &visibleRegions,
    const QStringList &statuses, const QDateTime &awakeAt, const QDateTime &raisedAfter) const
{
    Sql::Where where;
    where.addIn("region"_L1, visibleRegions);
    where.addIn("status"_L1, statuses);
    if (awakeAt.isValid())
        where.add(u"(snoozed_until IS NULL OR snoozed_until <= ?)"_s, Sql::isoTime(awakeAt));
    if (raisedAfter.isValid())
        where.add(u"raised_at > ?"_s, Sql::isoTime(raisedAfter));
    const QSqlDatabase db = m_context.database.connection();
    StoreListing<Alert> result;
    Sql::Transaction tx(db, Sql::Transaction::Mode::Deferred);
    QSqlQuery q(db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT %1 FROM alerts%2 ORDER BY id"_s.arg(kAlertColumns, where.sql()));
    where.bind(q);
    if (!tx.isActive() || !Sql::run(q, "list alerts"_L1)) {
        result.error = Sql::storageError(db, u"cannot list alerts"_s);
        return result;
    }
    while (q.next()) {
        if (auto row = alertFromRow(q))
            result.items.append(std::move(*row));
    }
    q.finish();
    QHash<QString, QList<AlertReceipt>> receipts;
    const auto head = EventLog::readHead(db);
    if (!readReceipts(db, where, &receipts) || !head || !tx.commit()) {
        result.items.clear();
        result.error = Sql::storageError(db, u"cannot read the alerts' receipts"_s);
        return result;
    }
    for (Alert &alert : result.items)
        alert.seenBy = receipts.value(alert.id);
    result.position = *head;
    return result;
}

StoreListing<AlertRule> AlertRepository::rules() const
{
    return listWithPosition<AlertRule>(m_context.database.connection(), "alert_rules"_L1,
        kRuleColumns, {}, "list alert rules"_L1, &ruleFromRow, u"region, kind"_s);
}

StoreWrite<AlertRule> AlertRepository::updateRule(
    const AlertRule &rule, std::optional<qint64> expectedVersion, const QString &actor)
{
    WriteTransaction tx(m_context);
    if (!tx.isActive())
        return { tx.startError(), std::nullopt, std::nullopt };
    StoreWrite<AlertRule> result;
    if (!RowTraits<AlertRule>::select(tx.connection(), rule.id())) {
        // The first change of a rule stores it (version 1), from the built-in one.
        if (expectedVersion && *expectedVersion != 0) {
            result.error = Error { ErrorKind::Conflict,
                u"alert rule %1 is at version 0, not %2"_s.arg(rule.id()).arg(*expectedVersion) };
            result.item = AlertRule::builtIn(rule.kind);
            if (result.item)
                result.item->region = rule.region;
            return result;
        }
        AlertRule stored = rule;
        stored.version = 1;
        stored.updatedAt = Sql::nowUtc();
        stored.updatedBy = actor;
        ChangeEvent event { 0, {}, u"alertrule.updated"_s, u"alertrule"_s, stored.id(),
            stored.version, stored.updatedAt, stored.toJson() };
        QSqlQuery q(tx.connection());
        q.prepare(u"INSERT INTO alert_rules (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s.arg(
            kRuleColumns));
        Sql::bind(q,
            { stored.region, stored.kind, stored.enabled ? 1 : 0, stored.severity,
                stored.thresholdMinutes, stored.renotifyMinutes, stored.escalateMinutes,
                stored.remindMinutes, stored.version, Sql::isoTime(stored.updatedAt), actor });
        const QString region = stored.region == "*"_L1 ? QString() : stored.region;
        if (!Sql::run(q, "insert alert rule"_L1) || !tx.append(event, region) || !tx.commit())
            return { tx.failure(u"cannot store alert rule %1"_s.arg(stored.id())), std::nullopt,
                std::nullopt };
        return { {}, stored, event };
    }
    result = versionedWriteIn<AlertRule>(tx, rule.id(), expectedVersion, WriteBy { actor, {} },
        [&rule, &actor](const AlertRule &, AlertRule &next) {
            const qint64 version = next.version;
            next = rule;
            next.version = version;
            next.updatedBy = actor;
            return Error {};
        });
    if (result.ok() && !tx.commit())
        return { tx.failure(u"cannot commit alert rule %1"_s.arg(rule.id())), std::nullopt,
            std::nullopt };
    return result;
}

} // namespace Ops
