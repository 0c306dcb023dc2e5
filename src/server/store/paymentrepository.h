#pragma once

#include <QStringList>

#include "protocol/payment.h"
#include "storelisting.h"
#include "versionedwrite.h"

namespace Ops {

//! \brief The `payments` table.
class PaymentRepository
{
public:
    explicit PaymentRepository(StoreContext &context);
    PaymentRepository(const PaymentRepository &) = delete;
    PaymentRepository &operator=(const PaymentRepository &) = delete;

    //! Records a payment for order \a orderId (its amount and region) and appends
    //! "payment.created".
    [[nodiscard]] StoreWrite<Payment> create(
        const QString &orderId, const QString &method, const QString &status, const QString &actor);
    [[nodiscard]] StoreListing<Payment> list(
        const QStringList &visibleRegions, const QString &orderId = {}) const;

private:
    StoreContext &m_context;
};

} // namespace Ops
