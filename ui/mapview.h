#pragma once

#include <chrono>
#include <optional>
#include <vector>

#include <QDateTime>
#include <QPixmap>
#include <QPointer>
#include <QRectF>
#include <QTimer>
#include <QWidget>

#include "map/mapviewport.h"
#include "maplegend.h"
#include "maproutes.h"

class QAbstractItemModel;

namespace Ops {

class DriversTableModel;
class OrdersTableModel;
class TileLayer;

//! \brief The map: driver positions and open orders on Web Mercator, over street tiles from a
//! TileLayer (or the schematic graticule, with a notice saying why), with a scale bar, the
//! tiles' attribution, a legend, hover tooltips, click to select and a highlight for the
//! selection made elsewhere. It fits the data until the dispatcher pans or zooms.
//!
//! Markers are rebuilt only when a model changes (into vectors that keep their capacity), and
//! painting culls to the visible rectangle and draws each kind in one batch, so 10k orders
//! repaint cheaply. An open order is drawn at its drop-off coordinates; one without (from a
//! server that predates them) is placed near the centre of its region's drivers, spread
//! deterministically by its id, and the legend says so. A driver without a position (lat/lon or
//! positionAt null) is not drawn; one whose fix is older than staleAfter() is drawn hollow
//! ("GPS 7 min old" in its tooltip, with the battery when known). Each driver with an open order
//! has an ETA line to its next stop (nextStops(): the pickup, then a fainter leg to the
//! drop-off, or the drop-off of the order on board); the selected driver's line is labelled
//! with the ETA and its breadcrumbs (setTrail()) are drawn behind it.
//!
//! Mouse: drag to pan, wheel or double-click to zoom about the pointer, right-click for zoom
//! to selection / show everything. Keyboard (the map takes the focus): the arrow keys move a
//! current marker to the nearest one in that direction, Page Up/Down, Home and End walk all
//! markers in reading order, Enter or Space selects (as a click would), Escape lets go;
//! Ctrl+arrows pan, + and − zoom, Z zooms to the selection, 0 shows everything again. The
//! accessible description says what the current marker is, or how many drivers and orders the
//! map shows.
class MapView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MapView)

public:
    enum class Kind : quint8 {
        DriverAvailable,
        DriverBusy,
        DriverSilent, //!< not responding or offline
        OrderOpen,
        OrderLate,
    };
    Q_ENUM(Kind)

    MapView(DriversTableModel *drivers, OrdersTableModel *orders, QWidget *parent = nullptr);
    ~MapView() override;

    //! Highlights \a id (an order or a driver; empty: none).
    void setSelectedId(const QString &id);
    [[nodiscard]] QString selectedId() const { return m_selected; }
    //! Where \a id is drawn in widget coordinates (null point when not on the map).
    [[nodiscard]] QPointF screenPosOf(const QString &id);
    //! The id of the marker under \a pos (within a few pixels; empty: none).
    [[nodiscard]] QString idAt(const QPointF &pos);
    //! The marker the keyboard is on (empty: none).
    [[nodiscard]] QString currentId();
    void setCurrentId(const QString &id);
    //! What \a id is, in words (the tooltip and the accessible description of the marker).
    [[nodiscard]] QString describe(const QString &id) const;
    [[nodiscard]] int markerCount();
    //! Open orders drawn by region because they have no coordinates.
    [[nodiscard]] int placedByRegionCount();
    //! ETA lines drawn (one per driver on the map with a next stop).
    [[nodiscard]] int routeCount();
    //! The time lateness is judged against (default: now, at each rebuild).
    void setNow(const QDateTime &now) { m_fixedNow = now; }

    //! Street tiles to draw under the markers (null: the schematic map, saying so).
    void setTileLayer(TileLayer *layer);
    [[nodiscard]] TileLayer *tileLayer() const;
    //! Why the schematic map shows (empty while streets do).
    [[nodiscard]] QString basemapNotice() const;
    //! A fix older than this draws its driver hollow (default 2 min).
    void setStaleAfter(std::chrono::seconds after);
    [[nodiscard]] std::chrono::seconds staleAfter() const { return m_staleAfter; }
    //! Whether driver \a id is drawn hollow (its position is stale).
    [[nodiscard]] bool isStale(const QString &id);
    //! Breadcrumbs drawn for the selected driver, oldest first (empty: none).
    void setTrail(const std::vector<LatLon> &points);
    [[nodiscard]] int trailPointCount() const { return int(m_trail.size()); }

    //! What the map shows; following the data (fitted at each change) until panned or zoomed.
    [[nodiscard]] const MapViewport &viewport();
    [[nodiscard]] bool isFollowingData() const { return m_follow; }
    void panBy(QPointF pixels);
    void zoomBy(double steps, std::optional<QPointF> anchor = std::nullopt);
    //! Fits the selection (with a driver: its next stop and trail too); false without one.
    bool zoomToSelection();
    //! Fits every marker again, and follows the data from now on.
    void showEverything();

    [[nodiscard]] static QColor colorOf(Kind kind);
    [[nodiscard]] QSize sizeHint() const override;

Q_SIGNALS:
    void driverClicked(const QString &id);
    void orderClicked(const QString &id);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Marker
    {
        double lat;
        double lon;
        QString id;
        Kind kind;
        bool isDriver;
        bool stale = false; //!< a driver whose fix is older than m_staleAfter
    };
    [[nodiscard]] QString driverTooltip(int row) const;
    void markDirty();
    void activate(const QString &id);
    //! The marker to move to from the current one for \a key (an arrow, Page Up/Down, Home,
    //! End).
    [[nodiscard]] QString neighbour(int key);
    void updateAccessibleDescription();
    void rebuild();
    void updateTransform();
    //! Rebuilds the markers and their screen positions if stale.
    void ensureLayout();
    [[nodiscard]] QPointF project(double lat, double lon) const;
    [[nodiscard]] QMarginsF fitMargins() const;
    void fitTo(const std::vector<LatLon> &points, double maxZoom);
    [[nodiscard]] MapLegend::Content legendContent() const;

    QPointer<DriversTableModel> m_drivers;
    QPointer<OrdersTableModel> m_orders;
    std::vector<Marker> m_markers;
    std::vector<MapRoute> m_routes;
    std::vector<LatLon> m_trail;
    QPointer<TileLayer> m_tiles;
    std::chrono::seconds m_staleAfter { 120 };
    int m_staleCount = 0;
    int m_placedByRegion = 0;
    std::vector<QPointF> m_screen; //!< m_markers' positions for the current size
    std::vector<QPointF> m_batch[5]; //!< per kind, reused every paint
    //! Pre-rendered order dots (open, late): one blit each instead of a wide round-capped point.
    QPixmap m_orderSprites[2];
    qreal m_spriteRatio = 0;
    double m_minLat = 0;
    double m_maxLat = 1;
    double m_minLon = 0;
    double m_maxLon = 1;
    MapViewport m_view;
    bool m_follow = true; //!< fit the data at each change (until panned or zoomed)
    QPoint m_pressAt; //!< where the left button went down (a click, or the start of a drag)
    QPointF m_dragFrom;
    bool m_pressed = false;
    bool m_dragging = false;
    int m_wheel = 0; //!< eighths of a degree not turned into a zoom step yet
    QString m_selected;
    QString m_hovered;
    QString m_current; //!< the keyboard's marker
    QTimer m_describeTimer;
    QDateTime m_fixedNow;
    bool m_dirty = true;
    bool m_screenDirty = true;
};

} // namespace Ops
