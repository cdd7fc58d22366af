"""Pure area statistics: the measures per LKS and municipality, their labels, disclosure control
(small-count suppression) and the rendering of a published table as a map.

Takes and returns DataFrames; never opens a file or a database.
"""
