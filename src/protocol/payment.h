#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace Ops {

//! \brief One payment for an order (`GET /api/payments`). Payments are append-only today:
//! `payment.created` announces each one.
struct Payment
{
    QString id;
    QString orderId;
    QString region; //!< the order's region, for per-region visibility
    qint64 amountCents = 0;
    QString method; //!< "card", "cash" or "invoice"
    QString status; //!< "captured", "pending", "refunded" or "failed"
    QDateTime createdAt;
    qint64 version = 0;

    [[nodiscard]] QJsonObject toJson() const;
    //! Validates every field; on failure returns nullopt and says why in \a error.
    [[nodiscard]] static std::optional<Payment> fromJson(const QJsonObject &json, QString *error);

    friend bool operator==(const Payment &, const Payment &) = default;
};

} // namespace Ops

Q_DECLARE_METATYPE(Ops::Payment)
