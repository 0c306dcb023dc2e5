#include "mappanel.h"

#include <QVBoxLayout>

#include "mapview.h"
#include "models/driverstablemodel.h"
#include "models/drivertrail.h"
#include "models/orderstablemodel.h"
#include "models/workspace.h"

using namespace Qt::StringLiterals;

namespace Ops {

MapPanel::MapPanel(Workspace *workspace, QWidget *parent)
    : DashPanel(parent)
    , m_drivers(workspace->drivers())
    , m_orders(workspace->orders())
    , m_map(new MapView(m_drivers, m_orders, this))
    , m_trail(new DriverTrail(workspace->queries(), this))
{
    setObjectName(u"mapPanel"_s);
    setWindowTitle(tr("Map"));
    contentLayout()->addWidget(m_map);
    connect(m_map, &MapView::driverClicked, this, &MapPanel::driverActivated);
    connect(m_map, &MapView::orderClicked, this, &MapPanel::orderActivated);
    connect(m_map, &MapView::driverClicked, this, &MapPanel::followTrailOf);
    connect(m_map, &MapView::orderClicked, this, [this] { followTrailOf({}); });
    connect(m_trail, &DriverTrail::changed, this, [this] {
        std::vector<LatLon> points;
        points.reserve(size_t(m_trail->points().size()));
        for (const TrailPoint &p : m_trail->points())
            points.push_back({ p.lat, p.lon });
        m_map->setTrail(points);
    });
}

void MapPanel::setTileLayer(TileLayer *layer)
{
    m_map->setTileLayer(layer);
}

void MapPanel::followTrailOf(const QString &id)
{
    m_trail->setDriverId(id);
}

MapPanel::~MapPanel() = default;

void MapPanel::selectOrder(const QString &id)
{
    m_map->setSelectedId(id);
    followTrailOf({});
}

void MapPanel::selectDriver(const QString &id)
{
    m_map->setSelectedId(id);
    followTrailOf(id);
}

} // namespace Ops
