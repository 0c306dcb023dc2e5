<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Ops::AlertsPanel</name>
    <message numerus="yes">
        <location filename="../../ui/alertspanel.cpp" line="+180" />
        <source>%n alert(s) raised while you were away</source>
        <translation>
            <numerusform>%n alert raised while you were away</numerusform>
            <numerusform>%n alerts raised while you were away</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ops::AwayBanner</name>
    <message numerus="yes">
        <location filename="../../ui/awaybanner.cpp" line="+95" />
        <source>While you were away (since %1): %n open alert(s)</source>
        <translation>
            <numerusform>While you were away (since %1): %n open alert</numerusform>
            <numerusform>While you were away (since %1): %n open alerts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ops::ImportWizard</name>
    <message numerus="yes">
        <location filename="../../ui/importwizard.cpp" line="+149" />
        <source>Importing %n order(s)…</source>
        <translation>
            <numerusform>Importing %n order…</numerusform>
            <numerusform>Importing %n orders…</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+62" />
        <source>%n row(s) read from %1.</source>
        <translation>
            <numerusform>%n row read from %1.</numerusform>
            <numerusform>%n rows read from %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1" />
        <source>%n new order(s) to import.</source>
        <translation>
            <numerusform>%n new order to import.</numerusform>
            <numerusform>%n new orders to import.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2" />
        <source>%n row(s) are orders already (same reference) and will be left as they are.</source>
        <translation>
            <numerusform>%n row is an order already (same reference) and will be left as it is.</numerusform>
            <numerusform>%n rows are orders already (same reference) and will be left as they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+5" />
        <source>%n row(s) have problems and cannot be imported:</source>
        <translation>
            <numerusform>%n row has problems and cannot be imported:</numerusform>
            <numerusform>%n rows have problems and cannot be imported:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+36" />
        <source>Imported %n order(s), %1 to %2 (import %3).</source>
        <translation>
            <numerusform>Imported %n order, %1 to %2 (import %3).</numerusform>
            <numerusform>Imported %n orders, %1 to %2 (import %3).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4" />
        <source>%n row(s) were orders already and were left as they are.</source>
        <translation>
            <numerusform>%n row was an order already and was left as it is.</numerusform>
            <numerusform>%n rows were orders already and were left as they are.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3" />
        <source>%n row(s) with problems were left out.</source>
        <translation>
            <numerusform>%n row with problems was left out.</numerusform>
            <numerusform>%n rows with problems were left out.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Ops::OrderDialogs</name>
    <message numerus="yes">
        <location filename="../../ui/orderdialogs.cpp" line="+58" />
        <source>Moved %n order(s) of %1 to %2.</source>
        <translation>
            <numerusform>Moved %n order of %1 to %2.</numerusform>
            <numerusform>Moved %n orders of %1 to %2.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+143" />
        <source>%n open order(s) of %1 (assigned, picked up or in transit) go to another driver.</source>
        <translation>
            <numerusform>%n open order of %1 (assigned, picked up or in transit) goes to another driver.</numerusform>
            <numerusform>%n open orders of %1 (assigned, picked up or in transit) go to another driver.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25" />
        <source>Imported %n order(s) (%1 to %2).</source>
        <translation>
            <numerusform>Imported %n order (%1 to %2).</numerusform>
            <numerusform>Imported %n orders (%1 to %2).</numerusform>
        </translation>
    </message>
</context>
</TS>
