#pragma once

#include <QPointer>

#include "dashpanel.h"

namespace Ops {

class DriversTableModel;
class MapView;
class OrdersTableModel;
class Workspace;

//! \brief The map: drivers and open orders (late ones and available drivers coloured), hover
//! for details, click to select; follows the selection made elsewhere.
class MapPanel final : public DashPanel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapPanel)

public:
    //! Draws \a workspace's orders and drivers (the models the window's other panels read).
    explicit MapPanel(Workspace *workspace, QWidget *parent = nullptr);
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
