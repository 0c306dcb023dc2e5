#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace Ops {

//! \brief Someone who has seen an alert, and when (receipts, `seenBy` on the wire).
struct AlertReceipt
{
    QString user;
    QDateTime at;

    friend bool operator==(const AlertReceipt &, const AlertReceipt &) = default;
};

//! \brief The last escalation step of an alert (`escalation` on the wire, only once there is
//! one): who was told, and why.
struct AlertEscalation
{
    int step = 0; //!< 1, 2, … in the order the steps happened
    //! "renotified" (nobody acknowledged in time: the region's dispatchers again),
    //! "escalated" (still nobody: the region's managers), "reminded" (acknowledged but not
    //! resolved in time: its acknowledger)
    QString kind;
    QDateTime at;
    QStringList audience; //!< user names the step is for

    friend bool operator==(const AlertEscalation &, const AlertEscalation &) = default;
};

//! \brief An operational alert (`GET /api/alerts`): raised by the server's alert engine,
//! acknowledged and resolved by people (or resolved by the engine when its cause is gone).
//!
//! `message` is the server's plain-language text (webhooks, logs, older clients); `code` and
//! `params` say the same as data, so a client words it in its own language.
struct Alert
{
    QString id;
    //! "overdue_order", "late_order", "unassigned_order", "predicted_late",
    //! "failed_delivery", "unresponsive_driver", or a kind a newer server added (clients show
    //! unknown kinds by their message)
    QString kind;
    QString severity; //!< "info", "warning" or "critical"
    QString subjectId; //!< the order or driver id
    QString region;
    QString message;
    QDateTime raisedAt;
    QString status; //!< "open", "acknowledged" or "resolved"
    //! Hidden from the default alert list until then (invalid: not snoozed). On the wire only
    //! when set.
    QDateTime snoozedUntil;
    qint64 version = 0;
    //! What the message says, as a code (the kind for the engine's alerts) and its values
    //! (`orderId`, `customer`, `minutes`, `driverId`, `driverName`, `seconds` …).
    QString code;
    QJsonObject params;
    QList<AlertReceipt> seenBy; //!< oldest first
    QString acknowledgedBy;
    QDateTime acknowledgedAt;
    QString resolvedBy;
    QDateTime resolvedAt;
    std::optional<AlertEscalation> escalation;

    //! open → acknowledged → resolved, and open → resolved. Resolved is final.
    [[nodiscard]] static bool canTransition(QStringView from, QStringView to);

    [[nodiscard]] QJsonObject toJson() const;
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<Alert> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Alert &, const Alert &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Alert)
