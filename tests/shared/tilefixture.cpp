#include "tilefixture.h"

#include <cmath>
#include <numbers>

#include <QBuffer>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace {

double worldX(double lon)
{
    return (lon + 180.0) / 360.0;
}

double worldY(double lat)
{
    const double phi = lat * std::numbers::pi / 180.0;
    return (1.0 - std::log(std::tan(phi) + 1.0 / std::cos(phi)) / std::numbers::pi) / 2.0;
}

//! A stable pseudo-random number in [0, 1) for a block of the grid.
double hash(qint64 a, qint64 b)
{
    quint64 h = 1469598103934665603ull;
    for (const qint64 v : { a, b }) {
        h ^= quint64(v);
        h *= 1099511628211ull;
    }
    return double(h % 10007u) / 10007.0;
}

} // namespace

namespace TileFixture {

QByteArray png(int z, int x, int y)
{
    constexpr int size = 256;
    const double world = size * std::exp2(z); // world pixels at this zoom
    const QPointF origin(x * size, y * size);
    QImage image(size, size, QImage::Format_RGB32);
    image.fill(QColor(0xf2, 0xef, 0xe9));
    QPainter p(&image);
    p.setRenderHint(QPainter::Antialiasing, true);
    p.translate(-origin);
    // Grid spacing in world units: ~150 m side streets, every fourth a main road (at 51.5° N one
    // world unit is ~25,000 km across).
    const double minor = 150.0 / 24'900'000.0;
    const double scale = world; // world unit → pixels
    const double left = origin.x() / scale;
    const double top = origin.y() / scale;
    const double right = (origin.x() + size) / scale;
    const double bottom = (origin.y() + size) / scale;
    const auto first = [minor](double v) { return qint64(std::floor(v / minor)) - 1; };
    // Parks: some blocks between main roads are green.
    for (qint64 i = first(left) / 4 - 1; i * 4 * minor <= right; ++i) {
        for (qint64 j = first(top) / 4 - 1; j * 4 * minor <= bottom; ++j) {
            if (hash(i, j) < 0.12) {
                const QRectF block(i * 4 * minor * scale, j * 4 * minor * scale, 4 * minor * scale,
                    4 * minor * scale);
                p.fillRect(block.adjusted(4, 4, -4, -4), QColor(0xc8, 0xe6, 0xb4));
            }
        }
    }
    // A river meandering west to east through 51.505° N.
    {
        QPainterPath river;
        const double base = worldY(51.505);
        bool started = false;
        for (double u = left - 0.001; u <= right + 0.001; u += (right - left) / 64) {
            const double v =
                base + std::sin(u * 9000.0) * 0.0000275 + std::sin(u * 2100.0) * 0.00004;
            const QPointF pt(u * scale, v * scale);
            if (!started) {
                river.moveTo(pt);
                started = true;
            } else {
                river.lineTo(pt);
            }
        }
        p.setPen(QPen(QColor(0xaa, 0xd3, 0xdf), std::max(3.0, 0.0000095 * scale), Qt::SolidLine,
            Qt::RoundCap, Qt::RoundJoin));
        p.drawPath(river);
    }
    const bool detailed = z >= 13;
    // Side streets run through some blocks only (a stable choice per block), main roads
    // everywhere, and one avenue crosses the grid diagonally.
    const auto pen = [z](bool main, bool casing) {
        const double width = main ? (z >= 14 ? 7 : z >= 12 ? 4 : 3) : (z >= 15 ? 4 : 2.5);
        return casing
            ? QPen(QColor(0xc8, 0xc0, 0xb4), width + 2, Qt::SolidLine, Qt::FlatCap)
            : QPen(main ? QColor(0xfc, 0xd6, 0xa4) : Qt::white, width, Qt::SolidLine, Qt::FlatCap);
    };
    // Main roads every 4 side streets close up; further out only every 8th or 32nd is drawn.
    const int every = z >= 13 ? 4 : z == 12 ? 8 : 32;
    for (int pass = 0; pass < 2; ++pass) {
        for (qint64 i = first(left); i * minor <= right + minor; ++i) {
            const bool main = i % every == 0;
            if (!main && !detailed)
                continue;
            p.setPen(pen(main, pass == 0));
            const double xx = i * minor * scale;
            for (qint64 j = first(top); j * minor <= bottom + minor; ++j) {
                if (main || hash(i, j) < 0.7)
                    p.drawLine(
                        QPointF(xx, j * minor * scale), QPointF(xx, (j + 1) * minor * scale));
            }
        }
        for (qint64 j = first(top); j * minor <= bottom + minor; ++j) {
            const bool main = j % every == 0;
            if (!main && !detailed)
                continue;
            p.setPen(pen(main, pass == 0));
            const double yy = j * minor * scale;
            for (qint64 i = first(left); i * minor <= right + minor; ++i) {
                if (main || hash(j + 7, i) < 0.7)
                    p.drawLine(
                        QPointF(i * minor * scale, yy), QPointF((i + 1) * minor * scale, yy));
            }
        }
        // The avenue: north-west to south-east through 51.53 N, 0.12 W.
        const QPointF through(worldX(-0.12) * scale, worldY(51.53) * scale);
        const QPointF along(0.02 * scale, 0.014 * scale);
        p.setPen(pen(true, pass == 0));
        p.drawLine(through - along, through + along);
    }
    p.end();
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

bool writeMbTiles(const QString &path, double south, double west, double north, double east,
    int minZoom, int maxZoom, const QString &attribution, QString *error)
{
    const QString connection = u"tilefixture-"_s + path;
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery q(db);
        const auto run = [&](const QString &sql) {
            if (ok && !q.exec(sql)) {
                ok = false;
                if (error)
                    *error = q.lastError().text();
            }
        };
        run(u"CREATE TABLE metadata (name TEXT, value TEXT)"_s);
        run(u"CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, "
            u"tile_data BLOB)"_s);
        run(u"CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)"_s);
        const QList<std::pair<QString, QString>> meta { { u"name"_s, u"test streets"_s },
            { u"format"_s, u"png"_s }, { u"minzoom"_s, QString::number(minZoom) },
            { u"maxzoom"_s, QString::number(maxZoom) }, { u"attribution"_s, attribution } };
        db.transaction();
        for (const auto &[name, value] : meta) {
            q.prepare(u"INSERT INTO metadata VALUES (?, ?)"_s);
            q.addBindValue(name);
            q.addBindValue(value);
            ok = ok && q.exec();
        }
        for (int z = minZoom; ok && z <= maxZoom; ++z) {
            const double n = std::exp2(z);
            const int x0 = int(worldX(west) * n);
            const int x1 = int(worldX(east) * n);
            const int y0 = int(worldY(north) * n);
            const int y1 = int(worldY(south) * n);
            for (int x = x0; ok && x <= x1; ++x) {
                for (int y = y0; ok && y <= y1; ++y) {
                    q.prepare(u"INSERT INTO tiles VALUES (?, ?, ?, ?)"_s);
                    q.addBindValue(z);
                    q.addBindValue(x);
                    q.addBindValue((1 << z) - 1 - y); // TMS: row 0 is the south
                    q.addBindValue(png(z, x, y));
                    if (!q.exec()) {
                        ok = false;
                        if (error)
                            *error = q.lastError().text();
                    }
                }
            }
        }
        ok = db.commit() && ok;
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace TileFixture
