#include "mappanel.h"

#include <QVBoxLayout>

#include "keys/querykeys.h"
#include "mapview.h"
#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {

MapPanel::MapPanel(QueryClient *queries, QWidget *parent)
    : MapPanel(queries, QueryKeys::orders(), parent)
{ }

MapPanel::MapPanel(QueryClient *queries, const QueryKey &ordersKey, QWidget *parent)
    : MapPanel(new OrdersTableModel(queries, ordersKey), new DriversTableModel(queries), parent)
{
    // Its own models: owned.
    m_orders->setParent(this);
    m_drivers->setParent(this);
}

MapPanel::MapPanel(OrdersTableModel *orders, DriversTableModel *drivers, QWidget *parent)
    : DashPanel(parent)
    , m_drivers(drivers)
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
