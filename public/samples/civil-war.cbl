<?xml version="1.0" encoding="utf-8"?>
<ReadingList xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Name>Civil War (sample)</Name>
  <NumIssues>6</NumIssues>
  <Books>
    <Book Series="Civil War" Number="1" Volume="2006" Year="2006" />
    <Book Series="Amazing Spider-Man" Number="532" Volume="1999" Year="2006" />
    <Book Series="Civil War" Number="2" Volume="2006" Year="2006" />
    <Book Series="Amazing Spider-Man" Number="533" Volume="1999" Year="2006" />
    <Book Series="Civil War" Number="3" Volume="2006" Year="2006" />
    <Book Series="Civil War: Front Line" Number="1" Volume="2006" Year="2006" />
  </Books>
  <Matchers />
</ReadingList>
