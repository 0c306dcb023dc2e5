#include "mapview.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <QAccessible>
#include <QHash>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include "models/driverstablemodel.h"
#include "models/orderstablemodel.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kKmPerDegree = 111.32;
constexpr int kMargin = 24;
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
    QHash<QString, size_t> driverMarker;
    QHash<QString, QPointF> regionSum;
    QHash<QString, int> regionCount;
    if (m_drivers) {
        const auto &rows = m_drivers->rows();
        for (const QJsonObject &row : rows) {
            const double lat = row.value("lat"_L1).toDouble();
            const double lon = row.value("lon"_L1).toDouble();
            const auto presence = m_drivers->presenceOf(row);
            Kind kind = Kind::DriverSilent;
            if (presence == DriversTableModel::Presence::Idle)
                kind = Kind::DriverAvailable;
            else if (presence == DriversTableModel::Presence::InTransit)
                kind = Kind::DriverBusy;
            driverMarker.insert(row.value("id"_L1).toString(), m_markers.size());
            m_markers.push_back({ lat, lon, row.value("id"_L1).toString(), kind, true });
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
            const bool carried =
                o.status == OrderStatus::PickedUp || o.status == OrderStatus::InTransit;
            if (const auto driver = driverMarker.constFind(o.driverId);
                carried && o.dropoffAt && driver != driverMarker.cend())
                m_routes.emplace_back(*driver, m_markers.size());
            m_markers.push_back({ lat, lon, o.id,
                o.dueAt.isValid() && o.dueAt < now ? Kind::OrderLate : Kind::OrderOpen, false });
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
    // A single point (or a line) still gets an area around it.
    const double pad = 0.005;
    if (m_maxLat - m_minLat < pad) {
        m_minLat -= pad;
        m_maxLat += pad;
    }
    if (m_maxLon - m_minLon < pad) {
        m_minLon -= pad;
        m_maxLon += pad;
    }
}

void MapView::updateTransform()
{
    m_screenDirty = false;
    const double midLat = (m_minLat + m_maxLat) / 2;
    m_lonFactor = std::cos(midLat * kPi / 180.0);
    // Keep the legend (top right) off the data when there is room beside it.
    const int legend = QFontMetrics(font()).horizontalAdvance(orderLegend()) + 48;
    const int right = width() > 2 * legend ? legend : kMargin;
    const QRectF area = QRectF(rect()).adjusted(kMargin, kMargin, -right, -kMargin);
    const double spanX = (m_maxLon - m_minLon) * m_lonFactor;
    const double spanY = m_maxLat - m_minLat;
    m_scale = std::min(area.width() / spanX, area.height() / spanY);
    // Centre the fitted box.
    m_origin =
        QPointF(area.center().x() - spanX * m_scale / 2, area.center().y() + spanY * m_scale / 2);
    m_screen.resize(m_markers.size());
    for (size_t i = 0; i < m_markers.size(); ++i)
        m_screen[i] = project(m_markers[i].lat, m_markers[i].lon);
}

QPointF MapView::project(double lat, double lon) const
{
    return { m_origin.x() + (lon - m_minLon) * m_lonFactor * m_scale,
        m_origin.y() - (lat - m_minLat) * m_scale };
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

QString MapView::orderLegend() const
{
    return m_placedByRegion > 0 ? tr("Open order (some placed by region)") : tr("Open order");
}

int MapView::markerCount()
{
    if (m_dirty)
        rebuild();
    return int(m_markers.size());
}

QPointF MapView::screenPosOf(const QString &id)
{
    if (m_dirty)
        rebuild();
    if (m_screenDirty)
        updateTransform();
    for (size_t i = 0; i < m_markers.size(); ++i) {
        if (m_markers[i].id == id)
            return m_screen[i];
    }
    return {};
}

QString MapView::idAt(const QPointF &pos)
{
    if (m_dirty)
        rebuild();
    if (m_screenDirty)
        updateTransform();
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
    if (m_dirty)
        rebuild();
    if (m_screenDirty)
        updateTransform();
    QPainter painter(this);
    const QPalette &p = palette();
    painter.fillRect(event->rect(), p.base());

    // Graticule every ~0.05°: orientation without a tile service.
    QColor gridColor = p.color(QPalette::Text);
    gridColor.setAlpha(28);
    painter.setPen(QPen(gridColor, 1));
    const double step = 0.05;
    for (double lat = std::floor(m_minLat / step) * step; lat <= m_maxLat + step; lat += step) {
        const double y = project(lat, m_minLon).y();
        painter.drawLine(QPointF(0, y), QPointF(width(), y));
    }
    for (double lon = std::floor(m_minLon / step) * step; lon <= m_maxLon + step; lon += step) {
        const double x = project(m_minLat, lon).x();
        painter.drawLine(QPointF(x, 0), QPointF(x, height()));
    }

    // Batch per kind, culled to the exposed rectangle.
    const QRectF visible = QRectF(event->rect()).adjusted(-6, -6, 6, 6);
    for (auto &batch : m_batch)
        batch.clear();
    for (size_t i = 0; i < m_markers.size(); ++i) {
        if (visible.contains(m_screen[i]))
            m_batch[size_t(m_markers[i].kind)].push_back(m_screen[i]);
    }
    // Who is carrying what where: a dashed line from each busy driver to its drop-off.
    if (!m_routes.empty()) {
        m_routeLines.clear();
        for (const auto &[driver, order] : m_routes) {
            const QLineF line(m_screen[driver], m_screen[order]);
            if (visible.intersects(
                    QRectF(line.p1(), line.p2()).normalized().adjusted(-1, -1, 1, 1)))
                m_routeLines.push_back(line);
        }
        QColor routeColor = colorOf(Kind::DriverBusy);
        routeColor.setAlpha(150);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(routeColor, 1.5, Qt::DashLine));
        painter.drawLines(m_routeLines.data(), int(m_routeLines.size()));
        painter.setRenderHint(QPainter::Antialiasing, false);
    }
    const qreal ratio = devicePixelRatioF();
    if (ratio != m_spriteRatio) {
        m_spriteRatio = ratio;
        for (int i = 0; i < 2; ++i) {
            QPixmap sprite(QSize(7, 7) * ratio);
            sprite.setDevicePixelRatio(ratio);
            sprite.fill(Qt::transparent);
            QPainter sp(&sprite);
            sp.setRenderHint(QPainter::Antialiasing, true);
            sp.setPen(Qt::NoPen);
            sp.setBrush(colorOf(i == 0 ? Kind::OrderOpen : Kind::OrderLate));
            sp.drawEllipse(QRectF(0.5, 0.5, 6, 6));
            m_orderSprites[i] = sprite;
        }
    }
    // Orders (10k of them): one blit per dot, late ones on top.
    for (int i = 0; i < 2; ++i) {
        const QPixmap &sprite = m_orderSprites[i];
        for (const QPointF &pt : m_batch[size_t(i == 0 ? Kind::OrderOpen : Kind::OrderLate)])
            painter.drawPixmap(QPointF(pt.x() - 3.5, pt.y() - 3.5), sprite);
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
    drawScale(painter);
    drawLegend(painter);
}

void MapView::drawScale(QPainter &painter)
{
    // A round distance that is about a fifth of the width.
    const double kmPerPixel = 1.0 / (m_scale / kKmPerDegree);
    const double target = width() / 5.0 * kmPerPixel;
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double km = magnitude;
    for (double f : { 1.0, 2.0, 5.0, 10.0 }) {
        if (f * magnitude <= target)
            km = f * magnitude;
    }
    const double pixels = km / kmPerPixel;
    const QPointF start(12, height() - 14);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(palette().color(QPalette::Text), 2));
    painter.drawLine(start, start + QPointF(pixels, 0));
    painter.drawLine(start, start + QPointF(0, -5));
    painter.drawLine(start + QPointF(pixels, 0), start + QPointF(pixels, -5));
    const QString label = km >= 1 ? tr("%1 km").arg(km) : tr("%1 m").arg(km * 1000);
    painter.drawText(start + QPointF(pixels + 6, 0), label);
}

void MapView::drawLegend(QPainter &painter)
{
    const std::pair<Kind, QString> entries[] = {
        { Kind::DriverAvailable, tr("Driver available") },
        { Kind::DriverBusy, tr("Driver in transit") },
        { Kind::DriverSilent, tr("Driver silent / offline") },
        { Kind::OrderOpen, orderLegend() },
        { Kind::OrderLate, tr("Late order") },
    };
    const QFontMetrics fm(font());
    int textWidth = 0;
    for (const auto &[kind, text] : entries)
        textWidth = std::max(textWidth, fm.horizontalAdvance(text));
    const int line = fm.height() + 2;
    const QRect box(width() - textWidth - 40, 8, textWidth + 32, line * 5 + 10);
    QColor back = palette().color(QPalette::Window);
    back.setAlpha(220);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(palette().color(QPalette::Mid), 1));
    painter.setBrush(back);
    painter.drawRoundedRect(box, 4, 4);
    int y = box.top() + 5;
    for (const auto &[kind, text] : entries) {
        const bool driver = kind != Kind::OrderOpen && kind != Kind::OrderLate;
        painter.setPen(Qt::NoPen);
        painter.setBrush(colorOf(kind));
        painter.drawEllipse(
            QPointF(box.left() + 12, y + line / 2.0), driver ? 4.5 : 3, driver ? 4.5 : 3);
        painter.setPen(palette().color(QPalette::WindowText));
        painter.drawText(QRect(box.left() + 24, y, textWidth + 4, line), Qt::AlignVCenter, text);
        y += line;
    }
}

void MapView::mouseMoveEvent(QMouseEvent *event)
{
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
        if (const int row = m_drivers->rowOf(id); row >= 0) {
            text =
                tr("%1 (%2)\n%3 · seen %4 ago")
                    .arg(m_drivers->index(row, DriversTableModel::NameColumn).data().toString(), id,
                        m_drivers->index(row, DriversTableModel::PresenceColumn).data().toString(),
                        m_drivers->index(row, DriversTableModel::LastSeenColumn).data().toString());
        }
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

void MapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    const QString id = idAt(event->position());
    if (id.isEmpty())
        return;
    m_current = id;
    activate(id);
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
    if (m_dirty)
        rebuild();
    if (m_screenDirty)
        updateTransform();
    if (m_markers.empty())
        return {};
    // Reading order (rows of 24 px, then left to right) for Page Up/Down, Home and End: every
    // marker is reachable this way, also those drawn on top of each other.
    std::vector<size_t> order(m_markers.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [this](size_t a, size_t b) {
        const auto rowA = std::lround(m_screen[a].y() / 24);
        const auto rowB = std::lround(m_screen[b].y() / 24);
        if (rowA != rowB)
            return rowA < rowB;
        if (m_screen[a].x() != m_screen[b].x())
            return m_screen[a].x() < m_screen[b].x();
        return m_markers[a].id < m_markers[b].id;
    });
    const auto at = std::find_if(
        order.begin(), order.end(), [this](size_t i) { return m_markers[i].id == m_current; });
    if (key == Qt::Key_Home || at == order.end())
        return m_markers[order.front()].id;
    if (key == Qt::Key_End)
        return m_markers[order.back()].id;
    if (key == Qt::Key_PageDown)
        return m_markers[*(at + 1 == order.end() ? order.begin() : at + 1)].id;
    if (key == Qt::Key_PageUp)
        return m_markers[*(at == order.begin() ? order.end() - 1 : at - 1)].id;
    // Arrows: the nearest marker in that direction, preferring those straight ahead.
    const QPointF from = m_screen[*at];
    const QPointF dir = key == Qt::Key_Left ? QPointF(-1, 0)
        : key == Qt::Key_Right              ? QPointF(1, 0)
        : key == Qt::Key_Up                 ? QPointF(0, -1)
                                            : QPointF(0, 1);
    double best = std::numeric_limits<double>::max();
    QString found;
    for (size_t i = 0; i < m_markers.size(); ++i) {
        const QPointF v = m_screen[i] - from;
        const double along = v.x() * dir.x() + v.y() * dir.y();
        const double across = std::abs(v.x() * dir.y() - v.y() * dir.x());
        if (along < 1 || across > 2 * along)
            continue;
        const double score = along + 2 * across;
        if (score < best) {
            best = score;
            found = m_markers[i].id;
        }
    }
    return found.isEmpty() ? m_current : found;
}

void MapView::keyPressEvent(QKeyEvent *event)
{
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
                      "markers, Enter selects.")
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
