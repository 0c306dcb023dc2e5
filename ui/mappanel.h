#pragma once

#include <QPointer>

#include "dashpanel.h"

namespace Ops {

class DriverTrail;
class DriversTableModel;
class MapView;
class TileLayer;
class OrdersTableModel;
class Workspace;

//! \brief The map: drivers and open orders (late ones and available drivers coloured) over
//! street tiles, hover for details, click to select; follows the selection made elsewhere, and
//! draws the selected driver's breadcrumbs (DriverTrail, kept live by its position events).
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
    [[nodiscard]] DriverTrail *trail() const { return m_trail; }
    //! The street tiles (shared by every window's map; null: the schematic map).
    void setTileLayer(TileLayer *layer);

public Q_SLOTS:
    void selectOrder(const QString &id) override;
    void selectDriver(const QString &id) override;

private:
    void followTrailOf(const QString &id);

    QPointer<DriversTableModel> m_drivers;
    QPointer<OrdersTableModel> m_orders;
    MapView *m_map;
    DriverTrail *m_trail;
};

} // namespace Ops
