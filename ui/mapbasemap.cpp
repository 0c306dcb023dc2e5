#include "mapbasemap.h"

#include <cmath>

#include <QFontMetrics>
#include <QPainter>
#include <QPalette>

#include "map/mapviewport.h"
#include "map/tilelayer.h"

using namespace Qt::StringLiterals;

namespace Ops {
namespace {

//! A graticule step in degrees that puts lines at least \a minPixels apart.
double gridStep(const MapViewport &view, double minPixels)
{
    const double degreesPerPixel = view.metresPerPixel() / 111320.0;
    for (double step : { 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0 }) {
        if (step / degreesPerPixel >= minPixels)
            return step;
    }
    return 10.0;
}

} // namespace

void MapBasemap::paintBase(QPainter &painter, const MapViewport &view, TileLayer *layer,
    const QPalette &palette, const QRect &exposed)
{
    painter.fillRect(exposed, palette.base());
    // The schematic graticule: orientation where no tile is (yet) drawn.
    QColor gridColor = palette.color(QPalette::Text);
    gridColor.setAlpha(28);
    painter.setPen(QPen(gridColor, 1));
    const double step = gridStep(view, 80);
    const LatLon topLeft = view.toPosition(QPointF(0, 0));
    const LatLon bottomRight = view.toPosition(QPointF(view.size().width(), view.size().height()));
    for (double lat = std::floor(bottomRight.lat / step) * step; lat <= topLeft.lat + step;
         lat += step) {
        const double y = view.toScreen({ lat, topLeft.lon }).y();
        painter.drawLine(QPointF(0, y), QPointF(view.size().width(), y));
    }
    for (double lon = std::floor(topLeft.lon / step) * step; lon <= bottomRight.lon + step;
         lon += step) {
        const double x = view.toScreen({ topLeft.lat, lon }).x();
        painter.drawLine(QPointF(x, 0), QPointF(x, view.size().height()));
    }
    if (!layer || !layer->source())
        return;
    const int z = view.tileZoom(layer->minZoom(), layer->maxZoom());
    const QList<TileId> tiles = view.visibleTiles(z);
    layer->request(tiles);
    // Scaled a little between integer zooms: smooth, and whole pixels (no seams between tiles).
    painter.setRenderHint(QPainter::SmoothPixmapTransform, view.zoom() != std::round(view.zoom()));
    for (const TileId &tile : tiles) {
        const QRectF target = view.tileRect(tile);
        if (!target.intersects(exposed))
            continue;
        if (const QImage *image = layer->tile(tile))
            painter.drawImage(target.toAlignedRect(), *image);
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
}

QString MapBasemap::attribution(const TileLayer *layer)
{
    if (!layer || !layer->source())
        return {};
    const QString given = layer->attribution();
    return given.isEmpty() ? tr("Map tiles: %1").arg(layer->source()->name()) : given;
}

QString MapBasemap::notice(const TileLayer *layer)
{
    if (!layer || !layer->source())
        return tr("Schematic map: no tile source configured (--tiles or --mbtiles)");
    if (layer->health() == TileLayer::Health::Failing)
        return tr("Schematic map where streets are missing: %1 failed (%2)")
            .arg(layer->source()->name(), layer->failure());
    return {};
}

void MapBasemap::paintOverlay(QPainter &painter, const MapViewport &view, TileLayer *layer,
    const QPalette &palette, const QFont &font)
{
    const QFontMetrics fm(font);
    const double width = view.size().width();
    const double height = view.size().height();
    QColor back = palette.color(QPalette::Window);
    back.setAlpha(210);

    // Scale bar: a round distance about a fifth of the width.
    const double metresPerPixel = view.metresPerPixel();
    const double target = width / 5.0 * metresPerPixel;
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double metres = magnitude;
    for (double f : { 1.0, 2.0, 5.0, 10.0 }) {
        if (f * magnitude <= target)
            metres = f * magnitude;
    }
    const double pixels = metres / metresPerPixel;
    const QString label = metres >= 1000 ? tr("%1 km").arg(metres / 1000) : tr("%1 m").arg(metres);
    const QPointF start(12, height - 14);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(QRectF(start + QPointF(-6, -fm.height() + 2),
                         QSizeF(pixels + fm.horizontalAdvance(label) + 18, fm.height() + 6)),
        back);
    painter.setPen(QPen(palette.color(QPalette::Text), 2));
    painter.drawLine(start, start + QPointF(pixels, 0));
    painter.drawLine(start, start + QPointF(0, -5));
    painter.drawLine(start + QPointF(pixels, 0), start + QPointF(pixels, -5));
    painter.drawText(start + QPointF(pixels + 6, 0), label);

    // The tiles' credit: always, bottom right.
    if (const QString credit = attribution(layer); !credit.isEmpty()) {
        const QRectF box(width - fm.horizontalAdvance(credit) - 12, height - fm.height() - 6,
            fm.horizontalAdvance(credit) + 12, fm.height() + 6);
        painter.fillRect(box, back);
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(box, Qt::AlignCenter, credit);
    }

    // Why there are no streets.
    if (const QString text = notice(layer); !text.isEmpty()) {
        const QRect box =
            fm.boundingRect(QRect(8, 8, int(width * 0.55), int(height)), Qt::TextWordWrap, text);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(palette.color(QPalette::Mid), 1));
        painter.setBrush(back);
        painter.drawRoundedRect(box.adjusted(-5, -3, 5, 3), 4, 4);
        painter.setPen(palette.color(QPalette::WindowText));
        painter.drawText(box, Qt::TextWordWrap, text);
    }
}

} // namespace Ops
