#pragma once

#include <QMenu>

#include "protocol/order.h"

namespace Ops {

class AssignCandidates;
class DriversTableModel;
class QueryClient;

//! \brief The "Assign driver" menu of one order: the drivers of AssignCandidates, quickest first
//! once the server said ("Ava Costa · Idle · 6 min away", "≈" before an estimate), by region
//! and presence until then or when it cannot say; the current driver checked; "Take the driver
//! off this order" for an assigned order.
//!
//! It presents AssignCandidates and rebuilds itself when they change (also while open); a
//! chosen driver is driverChosen(), the caller sends it.
class AssignMenu final : public QMenu
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AssignMenu)

public:
    //! A menu for \a order; \a client: where the candidates are asked (none: no travel times).
    AssignMenu(QueryClient *client, const DriversTableModel *drivers, const Order &order,
        QWidget *parent = nullptr);
    ~AssignMenu() override;

    [[nodiscard]] AssignCandidates *candidates() const { return m_candidates; }

Q_SIGNALS:
    //! The dispatcher chose \a driverId for order \a orderId (empty: no driver).
    void driverChosen(const QString &orderId, const QString &driverId);

private:
    void rebuild();

    AssignCandidates *m_candidates;
};

} // namespace Ops
