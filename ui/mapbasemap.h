#pragma once

#include <QCoreApplication>
#include <QString>

class QFont;
class QPainter;
class QPalette;
class QRect;

namespace Ops {

class MapViewport;
class TileLayer;

//! \brief What the map draws under and over its markers: the street tiles of a TileLayer (asked
//! for as the view needs them) over the schematic graticule, and on top the scale bar, the
//! tiles' attribution (always, while a source is configured) and, when the schematic shows
//! instead of streets, a notice that says why.
class MapBasemap
{
    Q_DECLARE_TR_FUNCTIONS(Ops::MapBasemap)

public:
    //! Fills \a exposed with the base colour and the graticule, then draws the tiles \a layer
    //! has for \a view (null: none configured), asking it for those it has not.
    static void paintBase(QPainter &painter, const MapViewport &view, TileLayer *layer,
        const QPalette &palette, const QRect &exposed);
    //! The scale bar (bottom left), the attribution (bottom right) and notice() (top left).
    static void paintOverlay(QPainter &painter, const MapViewport &view, TileLayer *layer,
        const QPalette &palette, const QFont &font);
    //! Why the schematic map shows (empty while the street map does).
    [[nodiscard]] static QString notice(const TileLayer *layer);
    //! The credit shown for \a layer's tiles (empty: no source).
    [[nodiscard]] static QString attribution(const TileLayer *layer);
};

} // namespace Ops
