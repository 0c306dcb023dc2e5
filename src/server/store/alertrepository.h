#pragma once

#include <optional>

#include <QDateTime>
#include <QStringList>

#include "protocol/alert.h"
#include "protocol/alertrule.h"
#include "storelisting.h"
#include "versionedwrite.h"

namespace Ops {

template<> struct RowTraits<Alert>
{
    static constexpr QLatin1StringView entity { "alert" };
    static std::optional<Alert> select(const QSqlDatabase &db, const QString &id);
    static QString region(const Alert &alert) { return alert.region; }
    static void stamp(Alert &, const QDateTime &) { }
    //! None: clients refetch alerts (they are few and change rarely).
    static QJsonObject changedFields(const Alert &, const Alert &) { return {}; }
    static bool update(const QSqlDatabase &db, const Alert &current, const Alert &next,
        const ChangeEvent &event, const WriteBy &by);
};

template<> struct RowTraits<AlertRule>
{
    static constexpr QLatin1StringView entity { "alertrule" };
    //! \a id is `<region>/<kind>`.
    static std::optional<AlertRule> select(const QSqlDatabase &db, const QString &id);
    //! `*` concerns every region.
    static QString region(const AlertRule &rule)
    {
        return rule.region == QLatin1Char('*') ? QString() : rule.region;
    }
    static void stamp(AlertRule &next, const QDateTime &now) { next.updatedAt = now; }
    //! The whole rule: clients patch their rules list with it.
    static QJsonObject changedFields(const AlertRule &current, const AlertRule &next);
    static bool update(const QSqlDatabase &db, const AlertRule &current, const AlertRule &next,
        const ChangeEvent &event, const WriteBy &by);
};

//! \brief The `alerts` table, its receipts and the alert rules.
class AlertRepository
{
public:
    explicit AlertRepository(StoreContext &context);
    AlertRepository(const AlertRepository &) = delete;
    AlertRepository &operator=(const AlertRepository &) = delete;

    //! Raises an alert unless one of the same kind for the same subject is still unresolved
    //! (then Conflict and nothing changes). Appends "alert.raised".
    [[nodiscard]] StoreWrite<Alert> raise(const Alert &draft, const QString &actor);
    //! The versioned write of alert \a id; the rules are \a decide's (the domain's AlertService).
    [[nodiscard]] StoreWrite<Alert> update(const QString &id, std::optional<qint64> expectedVersion,
        const QString &actor, const RowDecision<Alert> &decide);
    //! Several versioned writes of alerts in one transaction (see versionedWriteBatch()).
    [[nodiscard]] QList<StoreWrite<Alert>> update(
        const QList<VersionedChange<Alert>> &changes, const QString &actor);
    //! Alerts in \a visibleRegions with one of \a statuses, each with its receipts; with
    //! \a awakeAt, only those not snoozed beyond it; with \a raisedAfter, only those raised
    //! after it.
    [[nodiscard]] StoreListing<Alert> list(const QStringList &visibleRegions,
        const QStringList &statuses = {}, const QDateTime &awakeAt = {},
        const QDateTime &raisedAfter = {}) const;
    [[nodiscard]] std::optional<Alert> get(const QString &id) const;

    //! The stored rules (those someone changed); the built-in ones apply where none is stored.
    [[nodiscard]] StoreListing<AlertRule> rules() const;
    //! Stores \a rule as a versioned write (the first change of a rule inserts it at version
    //! 1; \a expectedVersion 0 means "still the built-in one") with an "alertrule.updated"
    //! event carrying the whole rule.
    [[nodiscard]] StoreWrite<AlertRule> updateRule(
        const AlertRule &rule, std::optional<qint64> expectedVersion, const QString &actor);

private:
    StoreContext &m_context;
};

} // namespace Ops
