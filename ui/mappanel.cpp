#include "mappanel.h"

#include <QVBoxLayout>

#include "mapview.h"
#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"
#include "models/workspace.h"

using namespace Qt::StringLiterals;

namespace Ops {

MapPanel::MapPanel(Workspace *workspace, QWidget *parent)
    : DashPanel(parent)
    , m_drivers(workspace->drivers())
    , m_orders(workspace->orders())
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
