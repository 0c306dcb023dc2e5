#include "mapview.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <QAccessible>
#include <QApplication>
#include <QHash>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include "map/tilelayer.h"
#include "mapbasemap.h"
#include "mapkeyboard.h"
#include "maplegend.h"
#include "maproutes.h"
#include "models/driverstablemodel.h"
#include "models/nextstops.h"
#include "models/orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kMargin = 24;
//! Fitting never zooms in further than this (a single marker is not shown at street-corner
//! scale).
constexpr double kFitMaxZoom = 16;
constexpr double kHitRadius = 8;

//! A stable pseudo-random number in [0, 1) from \a id and \a salt: the same in every process
//! and on every machine (qHash is seeded per process), so an order without coordinates stays
//! where it was drawn after a restart.
double spread(const QString &id, uint salt)
{
    quint32 h = 2166136261u ^ salt; // FNV-1a over the UTF-16 code units
    for (const QChar c : id) {
        h ^= c.unicode();
        h *= 16777619u;
    }
    return double(h % 100000u) / 100000.0;
}

void connectModel(QAbstractItemModel *model, QObject *context, const std::function<void()> &fn)
{
    QObject::connect(model, &QAbstractItemModel::dataChanged, context, fn);
    QObject::connect(model, &QAbstractItemModel::rowsInserted, context, fn);
    QObject::connect(model, &QAbstractItemModel::rowsRemoved, context, fn);
    QObject::connect(model, &QAbstractItemModel::modelReset, context, fn);
}

} // namespace

MapView::MapView(DriversTableModel *drivers, OrdersTableModel *orders, QWidget *parent)
    : QWidget(parent)
    , m_drivers(drivers)
    , m_orders(orders)
{
    setObjectName(u"mapView"_s);
    setMouseTracking(true);
    // Markers are reachable without a mouse: arrows move between them, Enter selects.
    setFocusPolicy(Qt::StrongFocus);
    setAccessibleName(tr("Map"));
    m_describeTimer.setSingleShot(true);
    m_describeTimer.setInterval(250);
    connect(&m_describeTimer, &QTimer::timeout, this, &MapView::updateAccessibleDescription);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(240, 180);
    if (drivers)
        connectModel(drivers, this, [this] { markDirty(); });
    if (orders)
        connectModel(orders, this, [this] { markDirty(); });
}

MapView::~MapView() = default;

QSize MapView::sizeHint() const
{
    return { 520, 400 };
}

QColor MapView::colorOf(Kind kind)
{
    switch (kind) {
    case Kind::DriverAvailable:
        return QColor(0x2e, 0xa0, 0x4f);
    case Kind::DriverBusy:
        return QColor(0x2b, 0x8a, 0xd8);
    case Kind::DriverSilent:
        return QColor(0x8a, 0x8a, 0x8a);
    case Kind::OrderOpen:
        return QColor(0x9b, 0x6b, 0xd6);
    case Kind::OrderLate:
        return QColor(0xe0, 0x3e, 0x3e);
    }
    return {};
}

void MapView::setSelectedId(const QString &id)
{
    if (id == m_selected)
        return;
    m_selected = id;
    // Picked elsewhere: the keyboard starts there when it comes to the map.
    if (!hasFocus() && !id.isEmpty())
        m_current = id;
    update();
}

void MapView::markDirty()
{
    m_dirty = true;
    update();
    // The description (counts, the current marker) is for assistive technology: kept up to
    // date only when one listens or the map has the keyboard, at most four times a second.
    if ((QAccessible::isActive() || hasFocus()) && !m_describeTimer.isActive())
        m_describeTimer.start();
}

void MapView::rebuild()
{
    m_dirty = false;
    m_screenDirty = true;
    m_markers.clear(); // keeps its capacity
    m_routes.clear();
    m_placedByRegion = 0;
    m_staleCount = 0;
    QHash<QString, size_t> driverMarker;
    QHash<QString, QPointF> regionSum;
    QHash<QString, int> regionCount;
    if (m_drivers) {
        const auto &rows = m_drivers->rows();
        const QDateTime clock = m_drivers->now();
        for (const QJsonObject &row : rows) {
            // No position yet (a new driver, lat/lon or positionAt null): not on the map, never
            // at 0,0. A row from a server without positionAt has only lat/lon.
            const QJsonValue latValue = row.value("lat"_L1);
            const QJsonValue lonValue = row.value("lon"_L1);
            const QJsonValue fix = row.value("positionAt"_L1);
            if (!latValue.isDouble() || !lonValue.isDouble() || fix.isNull())
                continue;
            const double lat = latValue.toDouble();
            const double lon = lonValue.toDouble();
            const QDateTime fixAt = QDateTime::fromString(fix.toString(), Qt::ISODateWithMs);
            const bool stale = fixAt.isValid() && fixAt.secsTo(clock) > m_staleAfter.count();
            m_staleCount += stale ? 1 : 0;
            const auto presence = m_drivers->presenceOf(row);
            Kind kind = Kind::DriverSilent;
            if (presence == DriversTableModel::Presence::Idle)
                kind = Kind::DriverAvailable;
            else if (presence == DriversTableModel::Presence::InTransit)
                kind = Kind::DriverBusy;
            driverMarker.insert(row.value("id"_L1).toString(), m_markers.size());
            m_markers.push_back({ lat, lon, row.value("id"_L1).toString(), kind, true, stale });
            const QString region = row.value("region"_L1).toString();
            regionSum[region] += QPointF(lon, lat);
            regionCount[region] += 1;
        }
    }
    QPointF overall;
    int overallCount = 0;
    for (auto it = regionSum.cbegin(); it != regionSum.cend(); ++it) {
        overall += it.value();
        overallCount += regionCount.value(it.key());
    }
    if (overallCount > 0)
        overall /= overallCount;
    if (m_orders) {
        const QDateTime now = m_fixedNow.isValid() ? m_fixedNow : QDateTime::currentDateTimeUtc();
        for (const Order &o : m_orders->orders()) {
            if (isFinal(o.status))
                continue;
            double lat = 0;
            double lon = 0;
            if (o.dropoffAt) {
                lat = o.dropoffAt->lat;
                lon = o.dropoffAt->lon;
            } else {
                ++m_placedByRegion;
                QPointF centre = overall;
                if (const int n = regionCount.value(o.region); n > 0)
                    centre = regionSum.value(o.region) / n;
                // Spread within ~3 km of the centre, stable per id.
                const double angle = spread(o.id, 7) * 2 * kPi;
                const double radius = std::sqrt(spread(o.id, 13)) * 0.03;
                lat = centre.y() + radius * std::sin(angle);
                lon = centre.x() + radius * std::cos(angle) * 1.6;
            }
            m_markers.push_back({ lat, lon, o.id,
                o.dueAt.isValid() && o.dueAt < now ? Kind::OrderLate : Kind::OrderOpen, false });
        }
        // Where each driver on the map goes next: the ETA lines.
        for (const NextStop &next : nextStops(m_orders->orders())) {
            if (const auto driver = driverMarker.constFind(next.driverId);
                driver != driverMarker.cend()) {
                std::optional<LatLon> then;
                if (next.then)
                    then = LatLon { next.then->lat, next.then->lon };
                m_routes.push_back({ *driver, { next.stop.lat, next.stop.lon }, then, next.orderId,
                    next.etaAt, next.etaEstimate });
            }
        }
    }
    if (m_markers.empty()) {
        m_minLat = 51.45;
        m_maxLat = 51.55;
        m_minLon = -0.2;
        m_maxLon = 0.0;
        return;
    }
    m_minLat = m_maxLat = m_markers.front().lat;
    m_minLon = m_maxLon = m_markers.front().lon;
    for (const Marker &m : m_markers) {
        m_minLat = std::min(m_minLat, m.lat);
        m_maxLat = std::max(m_maxLat, m.lat);
        m_minLon = std::min(m_minLon, m.lon);
        m_maxLon = std::max(m_maxLon, m.lon);
    }
}

QMarginsF MapView::fitMargins() const
{
    // Keep the legend (top right) off the data when there is room beside it, and the notice
    // (top left, when the schematic shows) above it.
    const int legend = MapLegend::box(*this, legendContent()).width() + 16;
    const int right = width() > 2 * legend ? legend : kMargin;
    const int top = basemapNotice().isEmpty() ? kMargin : kMargin + 2 * fontMetrics().height();
    return { double(kMargin), double(top), double(right), double(kMargin + 8) };
}

void MapView::fitTo(const std::vector<LatLon> &points, double maxZoom)
{
    if (points.empty())
        return;
    LatLon sw = points.front();
    LatLon ne = points.front();
    for (const LatLon &p : points) {
        sw = { std::min(sw.lat, p.lat), std::min(sw.lon, p.lon) };
        ne = { std::max(ne.lat, p.lat), std::max(ne.lon, p.lon) };
    }
    m_view.setSize(size());
    m_view.fit(sw, ne, fitMargins(), maxZoom);
    // Street tiles are sharpest at a whole zoom, the data is best seen large: a quarter step
    // (tiles drawn at most 1.19 times their size) that still shows it all.
    if (m_tiles && m_tiles->source())
        m_view.fit(sw, ne, fitMargins(), std::floor(m_view.zoom() * 4) / 4);
}

void MapView::updateTransform()
{
    m_screenDirty = false;
    m_view.setSize(size());
    if (m_follow)
        fitTo({ { m_minLat, m_minLon }, { m_maxLat, m_maxLon } }, kFitMaxZoom);
    m_screen.resize(m_markers.size());
    for (size_t i = 0; i < m_markers.size(); ++i)
        m_screen[i] = project(m_markers[i].lat, m_markers[i].lon);
}

QPointF MapView::project(double lat, double lon) const
{
    return m_view.toScreen({ lat, lon });
}

void MapView::ensureLayout()
{
    if (m_dirty)
        rebuild();
    if (m_screenDirty)
        updateTransform();
}

const MapViewport &MapView::viewport()
{
    ensureLayout();
    return m_view;
}

void MapView::panBy(QPointF pixels)
{
    ensureLayout();
    m_follow = false;
    m_view.panBy(pixels);
    m_screenDirty = true;
    update();
}

void MapView::zoomBy(double steps, std::optional<QPointF> anchor)
{
    ensureLayout();
    m_follow = false;
    m_view.zoomBy(steps, anchor.value_or(QPointF(width() / 2.0, height() / 2.0)));
    m_screenDirty = true;
    update();
}

bool MapView::zoomToSelection()
{
    ensureLayout();
    std::vector<LatLon> points;
    for (size_t i = 0; i < m_markers.size(); ++i) {
        const Marker &m = m_markers[i];
        if (m.id == m_selected)
            points.push_back({ m.lat, m.lon });
    }
    if (points.empty())
        return false;
    // A driver with where it goes and where it has been; an order with its driver.
    for (const MapRoute &route : m_routes) {
        if (m_markers[route.driver].id == m_selected || route.orderId == m_selected) {
            points.push_back({ m_markers[route.driver].lat, m_markers[route.driver].lon });
            points.push_back(route.stop);
            if (route.then)
                points.push_back(*route.then);
        }
    }
    points.insert(points.end(), m_trail.begin(), m_trail.end());
    m_follow = false;
    fitTo(points, kFitMaxZoom);
    m_screenDirty = true;
    update();
    return true;
}

void MapView::showEverything()
{
    m_follow = true;
    m_screenDirty = true;
    update();
}

void MapView::setTileLayer(TileLayer *layer)
{
    if (m_tiles)
        disconnect(m_tiles, nullptr, this, nullptr);
    m_tiles = layer;
    if (layer) {
        connect(layer, &TileLayer::tilesChanged, this, qOverload<>(&QWidget::update));
        // The notice comes or goes: the fit leaves room for it.
        connect(layer, &TileLayer::healthChanged, this, [this] {
            m_screenDirty = true;
            update();
        });
    }
    m_screenDirty = true;
    update();
}

TileLayer *MapView::tileLayer() const
{
    return m_tiles;
}

QString MapView::basemapNotice() const
{
    return MapBasemap::notice(m_tiles);
}

void MapView::setStaleAfter(std::chrono::seconds after)
{
    m_staleAfter = after;
    markDirty();
}

bool MapView::isStale(const QString &id)
{
    if (m_dirty)
        rebuild();
    return std::any_of(m_markers.begin(), m_markers.end(),
        [&id](const Marker &m) { return m.id == id && m.stale; });
}

void MapView::setTrail(const std::vector<LatLon> &points)
{
    m_trail = points;
    update();
}

int MapView::placedByRegionCount()
{
    if (m_dirty)
        rebuild();
    return m_placedByRegion;
}

int MapView::routeCount()
{
    if (m_dirty)
        rebuild();
    return int(m_routes.size());
}

int MapView::markerCount()
{
    if (m_dirty)
        rebuild();
    return int(m_markers.size());
}

QPointF MapView::screenPosOf(const QString &id)
{
    ensureLayout();
    for (size_t i = 0; i < m_markers.size(); ++i) {
        if (m_markers[i].id == id)
            return m_screen[i];
    }
    return {};
}

QString MapView::idAt(const QPointF &pos)
{
    ensureLayout();
    // Drivers win over orders (they are drawn on top); then the nearest.
    double best = kHitRadius * kHitRadius;
    qsizetype found = -1;
    bool foundDriver = false;
    for (size_t i = 0; i < m_screen.size(); ++i) {
        const QPointF d = m_screen[i] - pos;
        const double dist = d.x() * d.x() + d.y() * d.y();
        const bool driver = m_markers[i].isDriver;
        if (dist <= kHitRadius * kHitRadius
            && ((driver && !foundDriver) || (driver == foundDriver && dist < best))) {
            best = dist;
            found = qsizetype(i);
            foundDriver = driver;
        }
    }
    return found < 0 ? QString() : m_markers[size_t(found)].id;
}

void MapView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_screenDirty = true;
}

void MapView::paintEvent(QPaintEvent *event)
{
    ensureLayout();
    QPainter painter(this);
    const QPalette &p = palette();
    MapBasemap::paintBase(painter, m_view, m_tiles, p, event->rect());

    // Batch per kind, culled to the exposed rectangle; stale drivers are drawn apart (hollow).
    const QRectF visible = QRectF(event->rect()).adjusted(-6, -6, 6, 6);
    for (auto &batch : m_batch)
        batch.clear();
    std::vector<size_t> stale;
    for (size_t i = 0; i < m_markers.size(); ++i) {
        if (!visible.contains(m_screen[i]))
            continue;
        if (m_markers[i].stale)
            stale.push_back(i);
        else
            m_batch[size_t(m_markers[i].kind)].push_back(m_screen[i]);
    }
    MapRoutes::paintTrail(painter, m_view, m_trail, palette());
    qsizetype labelled = -1; // the selected driver's or order's line carries its ETA
    for (size_t i = 0; i < m_routes.size() && !m_selected.isEmpty(); ++i) {
        if (m_markers[m_routes[i].driver].id == m_selected || m_routes[i].orderId == m_selected)
            labelled = qsizetype(i);
    }
    MapRoutes::paint(
        painter, m_view, m_routes, m_screen, labelled, visible, *this, colorOf(Kind::DriverBusy));
    const qreal ratio = devicePixelRatioF();
    if (ratio != m_spriteRatio) {
        m_spriteRatio = ratio;
        for (int i = 0; i < 2; ++i) {
            QPixmap sprite(QSize(9, 9) * ratio);
            sprite.setDevicePixelRatio(ratio);
            sprite.fill(Qt::transparent);
            QPainter sp(&sprite);
            sp.setRenderHint(QPainter::Antialiasing, true);
            sp.setPen(Qt::NoPen);
            // A rim in the base colour keeps the dot readable on street tiles.
            sp.setBrush(palette().color(QPalette::Base));
            sp.drawEllipse(QRectF(0.5, 0.5, 8, 8));
            sp.setBrush(colorOf(i == 0 ? Kind::OrderOpen : Kind::OrderLate));
            sp.drawEllipse(QRectF(1.5, 1.5, 6, 6));
            m_orderSprites[i] = sprite;
        }
    }
    // Orders (10k of them): one blit per dot, late ones on top.
    for (int i = 0; i < 2; ++i) {
        const QPixmap &sprite = m_orderSprites[i];
        for (const QPointF &pt : m_batch[size_t(i == 0 ? Kind::OrderOpen : Kind::OrderLate)])
            painter.drawPixmap(QPointF(pt.x() - 4.5, pt.y() - 4.5), sprite);
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    const Kind order[] = { Kind::DriverSilent, Kind::DriverBusy, Kind::DriverAvailable };
    for (Kind kind : order) {
        const auto &batch = m_batch[size_t(kind)];
        if (batch.empty())
            continue;
        QPen pen(colorOf(kind), 9, Qt::SolidLine, Qt::RoundCap);
        painter.setPen(pen);
        painter.drawPoints(batch.data(), int(batch.size()));
        {
            // A ring in the base colour sets drivers apart from the order dots under them.
            painter.setPen(QPen(p.color(QPalette::Base), 1.5));
            painter.setBrush(Qt::NoBrush);
            for (const QPointF &pt : batch)
                painter.drawEllipse(pt, 5.5, 5.5);
        }
    }
    // An old fix: hollow, in the driver's colour, so it reads as "was here".
    for (size_t i : stale) {
        painter.setPen(QPen(colorOf(m_markers[i].kind), 2.5));
        painter.setBrush(p.color(QPalette::Base));
        painter.drawEllipse(m_screen[i], 4.5, 4.5);
    }

    // Selection and hover rings.
    for (const QString &id : { m_selected, m_hovered }) {
        if (id.isEmpty())
            continue;
        for (size_t i = 0; i < m_markers.size(); ++i) {
            if (m_markers[i].id != id)
                continue;
            const bool selected = id == m_selected;
            painter.setPen(QPen(selected ? p.color(QPalette::Highlight) : p.color(QPalette::Text),
                selected ? 3 : 1.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(m_screen[i], selected ? 11 : 9, selected ? 11 : 9);
            break;
        }
    }
    // The keyboard's current marker: a dashed ring while the map has the focus.
    if (hasFocus() && !m_current.isEmpty()) {
        for (size_t i = 0; i < m_markers.size(); ++i) {
            if (m_markers[i].id != m_current)
                continue;
            painter.setPen(QPen(p.color(QPalette::Text), 1.5, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(m_screen[i], 15, 15);
            break;
        }
    }
    MapBasemap::paintOverlay(painter, m_view, m_tiles, p, font());
    MapLegend::paint(painter, *this, legendContent());
}

MapLegend::Content MapView::legendContent() const
{
    return { m_placedByRegion > 0, m_staleCount > 0, !m_routes.empty(), m_trail.size() > 1 };
}

void MapView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_pressed && (event->buttons() & Qt::LeftButton)) {
        if (!m_dragging
            && (event->position().toPoint() - m_pressAt).manhattanLength()
                >= QApplication::startDragDistance()) {
            m_dragging = true;
            setCursor(Qt::ClosedHandCursor);
            QToolTip::hideText();
        }
        if (m_dragging) {
            panBy(event->position() - m_dragFrom);
            m_dragFrom = event->position();
            return;
        }
    }
    const QString id = idAt(event->position());
    if (id != m_hovered) {
        m_hovered = id;
        update();
    }
    if (id.isEmpty()) {
        QToolTip::hideText();
        return;
    }
    QToolTip::showText(event->globalPosition().toPoint(), describe(id), this);
}

QString MapView::describe(const QString &id) const
{
    QString text = id;
    if (m_drivers) {
        if (const int row = m_drivers->rowOf(id); row >= 0)
            text = driverTooltip(row);
    }
    if (m_orders) {
        if (const int row = m_orders->rowOf(id); row >= 0) {
            const Order &o = m_orders->orders().at(row);
            text = tr("%1 · %2\n%3 · due %4")
                       .arg(o.id, o.customer,
                           m_orders->index(row, OrdersTableModel::StatusColumn).data().toString(),
                           m_orders->index(row, OrdersTableModel::DueColumn).data().toString());
            if (!o.dropoffAt)
                text += u'\n' + tr("No coordinates: placed in its region");
            if (!o.driverId.isEmpty()) {
                QString name = o.driverId;
                if (const int driver = m_drivers ? m_drivers->rowOf(o.driverId) : -1; driver >= 0)
                    name =
                        m_drivers->index(driver, DriversTableModel::NameColumn).data().toString();
                text += u'\n' + tr("Driver: %1").arg(name);
            }
        }
    }
    return text;
}

QString MapView::driverTooltip(int row) const
{
    const QJsonObject &driver = m_drivers->rows().at(row);
    QString text =
        tr("%1 (%2)\n%3 · seen %4 ago")
            .arg(m_drivers->index(row, DriversTableModel::NameColumn).data().toString(),
                driver.value("id"_L1).toString(),
                m_drivers->index(row, DriversTableModel::PresenceColumn).data().toString(),
                m_drivers->index(row, DriversTableModel::LastSeenColumn).data().toString());
    const QDateTime fix =
        QDateTime::fromString(driver.value("positionAt"_L1).toString(), Qt::ISODateWithMs);
    if (fix.isValid() && fix.secsTo(m_drivers->now()) > m_staleAfter.count())
        text += u'\n' + tr("GPS %1 min old").arg(fix.secsTo(m_drivers->now()) / 60);
    if (const QJsonValue battery = driver.value("battery"_L1); battery.isDouble()) {
        const int percent = int(std::lround(battery.toDouble()));
        text += u'\n'
            + (percent < 15 ? tr("Battery %1 % (low)").arg(percent)
                            : tr("Battery %1 %").arg(percent));
    }
    return text;
}

void MapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    // A click selects on release; a drag pans instead.
    m_pressed = true;
    m_dragging = false;
    m_pressAt = event->position().toPoint();
    m_dragFrom = event->position();
}

void MapView::mouseReleaseEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton || !m_pressed)
        return QWidget::mouseReleaseEvent(event);
    m_pressed = false;
    if (m_dragging) {
        m_dragging = false;
        unsetCursor();
        return;
    }
    const QString id = idAt(event->position());
    if (id.isEmpty())
        return;
    m_current = id;
    activate(id);
}

void MapView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && idAt(event->position()).isEmpty())
        zoomBy(1, event->position());
}

void MapView::wheelEvent(QWheelEvent *event)
{
    // One notch (120 eighths of a degree) is one zoom step, about the pointer; a touchpad's
    // small deltas add up.
    m_wheel += event->angleDelta().y();
    const int steps = m_wheel / 120;
    if (steps != 0) {
        m_wheel -= steps * 120;
        zoomBy(steps, event->position());
    }
    event->accept();
}

void MapView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu menu(this);
    const QPointF at = event->pos();
    menu.addAction(tr("Zoom in\t+"), this, [this, at] { zoomBy(1, at); });
    menu.addAction(tr("Zoom out\t-"), this, [this, at] { zoomBy(-1, at); });
    menu.addAction(tr("Zoom to selection\tZ"), this, [this] { zoomToSelection(); })
        ->setEnabled(!m_selected.isEmpty());
    menu.addAction(tr("Show everything\t0"), this, &MapView::showEverything);
    menu.exec(event->globalPos());
}

void MapView::activate(const QString &id)
{
    setSelectedId(id);
    if (m_drivers && m_drivers->rowOf(id) >= 0)
        Q_EMIT driverClicked(id);
    else
        Q_EMIT orderClicked(id);
}

QString MapView::currentId()
{
    if (m_dirty)
        rebuild();
    const bool exists = std::any_of(
        m_markers.begin(), m_markers.end(), [this](const Marker &m) { return m.id == m_current; });
    return exists ? m_current : QString();
}

void MapView::setCurrentId(const QString &id)
{
    if (id == m_current)
        return;
    m_current = id;
    update();
    updateAccessibleDescription();
}

QString MapView::neighbour(int key)
{
    ensureLayout();
    if (m_markers.empty())
        return {};
    const auto current = std::find_if(
        m_markers.begin(), m_markers.end(), [this](const Marker &m) { return m.id == m_current; });
    const qsizetype next = MapKeyboard::neighbour(
        m_screen, [this](size_t i) -> const QString & { return m_markers[i].id; },
        current == m_markers.end() ? -1 : qsizetype(current - m_markers.begin()), key);
    return next < 0 ? m_current : m_markers[size_t(next)].id;
}

void MapView::keyPressEvent(QKeyEvent *event)
{
    const auto modifiers = event->modifiers() & ~Qt::KeypadModifier;
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal:
    case Qt::Key_Minus:
        if (modifiers & ~Qt::ShiftModifier)
            break;
        zoomBy(event->key() == Qt::Key_Minus ? -1 : 1);
        return;
    case Qt::Key_Z:
        if (modifiers == Qt::NoModifier && zoomToSelection())
            return;
        break;
    case Qt::Key_0:
        if (modifiers != Qt::NoModifier)
            break;
        showEverything();
        return;
    default:
        break;
    }
    if (modifiers == Qt::ControlModifier) {
        // Ctrl+arrows pan by a quarter of the view (the plain arrows move between markers).
        const double dx = width() / 4.0;
        const double dy = height() / 4.0;
        switch (event->key()) {
        case Qt::Key_Left:
            return panBy({ dx, 0 });
        case Qt::Key_Right:
            return panBy({ -dx, 0 });
        case Qt::Key_Up:
            return panBy({ 0, dy });
        case Qt::Key_Down:
            return panBy({ 0, -dy });
        default:
            break;
        }
    }
    switch (event->key()) {
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
    case Qt::Key_Home:
    case Qt::Key_End:
        if (event->modifiers() & ~Qt::KeypadModifier)
            break;
        setCurrentId(neighbour(event->key()));
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
    case Qt::Key_Space:
        if (const QString id = currentId(); !id.isEmpty()) {
            activate(id);
            return;
        }
        break;
    case Qt::Key_Escape:
        if (!m_current.isEmpty()) {
            setCurrentId({});
            return;
        }
        break;
    default:
        break;
    }
    QWidget::keyPressEvent(event);
}

void MapView::focusInEvent(QFocusEvent *event)
{
    QWidget::focusInEvent(event);
    // Start where the dispatcher's attention is: the selection, else the first marker.
    if (currentId().isEmpty())
        setCurrentId(!m_selected.isEmpty() ? m_selected : neighbour(Qt::Key_Home));
    updateAccessibleDescription();
    update();
}

void MapView::focusOutEvent(QFocusEvent *event)
{
    QWidget::focusOutEvent(event);
    update();
}

void MapView::updateAccessibleDescription()
{
    if (m_dirty)
        rebuild();
    int drivers = 0;
    int late = 0;
    for (const Marker &m : m_markers) {
        drivers += m.isDriver ? 1 : 0;
        late += m.kind == Kind::OrderLate ? 1 : 0;
    }
    const int orders = int(m_markers.size()) - drivers;
    QString text = tr("%1 drivers, %2 open orders, %3 of them late. Arrow keys move between "
                      "markers, Enter selects; Ctrl+arrows pan, + and - zoom, Z zooms to the "
                      "selection.")
                       .arg(drivers)
                       .arg(orders)
                       .arg(late);
    if (const QString current = currentId(); !current.isEmpty())
        text = describe(current).replace(u'\n', u"; "_s) + u". "_s + text;
    if (text == accessibleDescription())
        return;
    setAccessibleDescription(text);
    QAccessibleEvent changed(this, QAccessible::DescriptionChanged);
    QAccessible::updateAccessibility(&changed);
}

} // namespace Ops
