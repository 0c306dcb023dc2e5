#include "mappanel.h"

#include <QVBoxLayout>

#include "mapview.h"
#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

MapPanel::MapPanel(QueryClient *queries, QWidget *parent)
    : MapPanel(queries, QueryKey { u"orders"_s }, parent)
{ }

MapPanel::MapPanel(QueryClient *queries, const QueryKey &ordersKey, QWidget *parent)
    : MapPanel(queries, new OrdersTableModel(queries, ordersKey), parent)
{
    m_orders->setParent(this); // its own model: owned
}

MapPanel::MapPanel(QueryClient *queries, OrdersTableModel *orders, QWidget *parent)
    : DashPanel(parent)
    , m_drivers(new DriversTableModel(queries, this))
    , m_orders(orders)
    , m_map(new MapView(m_drivers, m_orders, this))
{
    setObjectName(u"mapPanel"_s);
    setWindowTitle(tr("Map"));
    contentLayout()->addWidget(m_map);
    connect(m_map, &MapView::driverClicked, this, &MapPanel::driverActivated);
    connect(m_map, &MapView::orderClicked, this, &MapPanel::orderActivated);
}

MapPanel::~MapPanel() = default;

void MapPanel::selectOrder(const QString &id)
{
    m_map->setSelectedId(id);
}

void MapPanel::selectDriver(const QString &id)
{
    m_map->setSelectedId(id);
}

} // namespace Ops
