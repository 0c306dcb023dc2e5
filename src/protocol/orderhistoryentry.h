#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace Ops {

//! \brief One audit row of an order (`GET /api/orders/<id>/history`): who changed which field
//! from what to what, when, and the event-log seq of that change.
struct OrderHistoryEntry
{
    qint64 seq = 0;
    QString orderId;
    QString actor;
    QString field; //!< "status", "driver", an edited field's name, or "created" for the insert
    QString from;
    QString to;
    QDateTime ts;
    QString reason {}; //!< why (cancellations, failures, corrections); empty when none was given

    [[nodiscard]] QJsonObject toJson() const;
    [[nodiscard]] static std::optional<OrderHistoryEntry> fromJson(
        const QJsonObject &json, QString *error);

    friend bool operator==(const OrderHistoryEntry &, const OrderHistoryEntry &) = default;
};

} // namespace Ops
