"""The curators' workspace: add a muscle, state its facts, draw its trigger points' zones on the body chart,
check what is missing and publish it with all its parts. The Django admin stays for power use."""
