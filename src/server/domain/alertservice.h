#pragma once

#include <optional>

#include <QDateTime>
#include <QString>

#include "protocol/alert.h"
#include "protocol/alertrule.h"
#include "server/store/storelisting.h"

namespace Ops {

class AlertRuleSet;
class Store;

//! \brief What people (and the alert engine) may do to an alert: acknowledge, resolve, snooze,
//! mark seen; the escalation steps; and changes of the alert rules.
class AlertService
{
public:
    explicit AlertService(Store &store);

    //! Moves alert \a id to \a to ("acknowledged" / "resolved") as a versioned write; the
    //! transition must be allowed (Alert::canTransition()). Records who (\a actor) and when.
    [[nodiscard]] StoreWrite<Alert> setStatus(const QString &id, const QString &to,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Alert \a id stays out of lists asked with `awakeAt` before \a until; one version up and
    //! an "alert.updated" event. A resolved alert cannot be snoozed (BadRequest). An invalid
    //! \a until ends the snooze (BadRequest when it is not snoozed): the alert engine does that
    //! when a snooze runs out, so every client hears of it and lists the alert again.
    [[nodiscard]] StoreWrite<Alert> snooze(const QString &id, const QDateTime &until,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Records that \a user has seen alert \a id (a receipt, one version up, an event). Seen
    //! before: nothing is written and `item` is the alert as it is (no event).
    [[nodiscard]] StoreWrite<Alert> markSeen(const QString &id, const QString &user);
    //! \brief One escalation step to write: of alert \a id, expecting its \a version.
    struct Step
    {
        QString id;
        qint64 version = 0;
        AlertEscalation escalation;
    };
    //! Writes \a steps, each a versioned write expecting its version, in one transaction: with
    //! several engines (instances) exactly one writes each step; Conflict for the others.
    [[nodiscard]] QList<StoreWrite<Alert>> escalate(const QList<Step> &steps);

    //! The rules in force (stored over built-in).
    [[nodiscard]] AlertRuleSet rules() const;
    //! Changes one rule (validated: AlertRule::invalidReason()), a versioned write recorded
    //! with \a actor. \a expectedVersion 0: the rule is still the built-in one.
    [[nodiscard]] StoreWrite<AlertRule> updateRule(
        const AlertRule &rule, std::optional<qint64> expectedVersion, const QString &actor);

private:
    Store &m_store;
};

} // namespace Ops
