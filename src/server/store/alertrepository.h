#pragma once

#include <optional>

#include <QDateTime>
#include <QStringList>

#include "protocol/alert.h"
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

//! \brief The `alerts` table.
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
    //! Alerts in \a visibleRegions with one of \a statuses; with \a awakeAt, only those not
    //! snoozed beyond it.
    [[nodiscard]] StoreListing<Alert> list(const QStringList &visibleRegions,
        const QStringList &statuses = {}, const QDateTime &awakeAt = {}) const;
    [[nodiscard]] std::optional<Alert> get(const QString &id) const;

private:
    StoreContext &m_context;
};

} // namespace Ops
