#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief An operational alert (`GET /api/alerts`): raised by the server's alert engine,
//! acknowledged and resolved by people (or resolved by the engine when its cause is gone).
struct Alert
{
    QString id;
    QString kind; //!< "overdue_order", "late_order" or "unresponsive_driver"
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

    //! open → acknowledged → resolved, and open → resolved. Resolved is final.
    [[nodiscard]] static bool canTransition(QStringView from, QStringView to);

    [[nodiscard]] QJsonObject toJson() const;
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<Alert> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Alert &, const Alert &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Alert)
