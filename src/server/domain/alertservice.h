#pragma once

#include <optional>

#include <QDateTime>
#include <QString>

#include "protocol/alert.h"
#include "server/store/storelisting.h"

namespace Ops {

class Store;

//! \brief What people (and the alert engine) may do to an alert: acknowledge, resolve, snooze.
class AlertService
{
public:
    explicit AlertService(Store &store);

    //! Moves alert \a id to \a to ("acknowledged" / "resolved") as a versioned write; the
    //! transition must be allowed (Alert::canTransition()).
    [[nodiscard]] StoreWrite<Alert> setStatus(const QString &id, const QString &to,
        std::optional<qint64> expectedVersion, const QString &actor);
    //! Alert \a id stays out of lists asked with `awakeAt` before \a until; one version up and
    //! an "alert.updated" event. A resolved alert cannot be snoozed (BadRequest). An invalid
    //! \a until ends the snooze (BadRequest when it is not snoozed): the alert engine does that
    //! when a snooze runs out, so every client hears of it and lists the alert again.
    [[nodiscard]] StoreWrite<Alert> snooze(const QString &id, const QDateTime &until,
        std::optional<qint64> expectedVersion, const QString &actor);

private:
    Store &m_store;
};

} // namespace Ops
