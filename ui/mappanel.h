#pragma once

#include <QPointer>

#include "dashpanel.h"
#include "query/querykey.h"

namespace Ops {

class DriversTableModel;
class MapView;
class OrdersTableModel;
class QueryClient;

//! \brief The map: drivers and open orders (late ones and available drivers coloured), hover
//! for details, click to select; follows the selection made elsewhere.
class MapPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapPanel)

public:
    explicit MapPanel(QueryClient *queries, QWidget *parent = nullptr);
    //! \a ordersKey: the orders list query to draw (the main table's).
    MapPanel(QueryClient *queries, const QueryKey &ordersKey, QWidget *parent = nullptr);
    //! Draws \a orders and \a drivers (not owned; e.g. the window's orders table model and the
    //! drivers list the orders panel already keeps).
    MapPanel(OrdersTableModel *orders, DriversTableModel *drivers, QWidget *parent = nullptr);
    ~MapPanel() override;

    [[nodiscard]] MapView *mapView() const { return m_map; }
    [[nodiscard]] DriversTableModel *driversModel() const { return m_drivers; }
    [[nodiscard]] OrdersTableModel *ordersModel() const { return m_orders; }

public Q_SLOTS:
    void selectOrder(const QString &id) override;
    void selectDriver(const QString &id) override;

private:
    QPointer<DriversTableModel> m_drivers;
    QPointer<OrdersTableModel> m_orders;
    MapView *m_map;
};

} // namespace Ops
