#pragma once

#include <vector>

#include <QDateTime>
#include <QPixmap>
#include <QPointer>
#include <QRectF>
#include <QTimer>
#include <QWidget>

class QAbstractItemModel;

namespace Ops {

class DriversTableModel;
class OrdersTableModel;

//! \brief A custom-painted map (no tile service): driver positions and open orders on a plain
//! equirectangular projection fitted to the data, with a scale bar, a legend, hover tooltips,
//! click to select and a highlight for the selection made elsewhere.
//!
//! Markers are rebuilt only when a model changes (into vectors that keep their capacity), and
//! painting culls to the visible rectangle and draws each kind in one batch, so 10k orders
//! repaint cheaply. An open order is drawn at its drop-off coordinates; one without (from a
//! server that predates them) is placed near the centre of its region's drivers, spread
//! deterministically by its id, and the legend says so. A driver carrying an order (picked up,
//! in transit) is joined to its drop-off by a dashed line.
//!
//! Without a mouse: the map takes the keyboard focus; the arrow keys move a current marker to
//! the nearest one in that direction, Page Up/Down, Home and End walk all markers in reading
//! order, Enter or Space selects (as a click would), Escape lets go. The accessible description
//! says what the current marker is, or how many drivers and orders the map shows.
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
    //! Driver → drop-off lines drawn (one per order being carried by a driver on the map).
    [[nodiscard]] int routeCount();
    //! The time lateness is judged against (default: now, at each rebuild).
    void setNow(const QDateTime &now) { m_fixedNow = now; }

    [[nodiscard]] static QColor colorOf(Kind kind);
    [[nodiscard]] QSize sizeHint() const override;

Q_SIGNALS:
    void driverClicked(const QString &id);
    void orderClicked(const QString &id);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
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
    };
    void markDirty();
    void activate(const QString &id);
    //! The marker to move to from the current one for \a key (an arrow, Page Up/Down, Home,
    //! End).
    [[nodiscard]] QString neighbour(int key);
    void updateAccessibleDescription();
    void rebuild();
    void updateTransform();
    [[nodiscard]] QPointF project(double lat, double lon) const;
    void drawLegend(QPainter &painter);
    [[nodiscard]] QString orderLegend() const;
    void drawScale(QPainter &painter);

    QPointer<DriversTableModel> m_drivers;
    QPointer<OrdersTableModel> m_orders;
    std::vector<Marker> m_markers;
    std::vector<std::pair<size_t, size_t>> m_routes; //!< driver marker, order marker
    std::vector<QLineF> m_routeLines; //!< reused every paint
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
    double m_scale = 1; //!< pixels per degree of latitude
    double m_lonFactor = 1; //!< cos(mid latitude)
    QPointF m_origin;
    QString m_selected;
    QString m_hovered;
    QString m_current; //!< the keyboard's marker
    QTimer m_describeTimer;
    QDateTime m_fixedNow;
    bool m_dirty = true;
    bool m_screenDirty = true;
};

} // namespace Ops
